/** Wire constants of BGP-4 (RFC 4271) and its extensions, as IANA numbers them. */

/** BGP message types (RFC 4271 §4.1, RFC 2918). */
export const BGP_MSG_OPEN = 1;
export const BGP_MSG_UPDATE = 2;
export const BGP_MSG_NOTIFICATION = 3;
export const BGP_MSG_KEEPALIVE = 4;
export const BGP_MSG_ROUTE_REFRESH = 5;

/** Path attribute type codes (IANA "BGP Path Attributes"). */
export const ATTR_ORIGIN = 1;
export const ATTR_AS_PATH = 2;
export const ATTR_NEXT_HOP = 3;
export const ATTR_MULTI_EXIT_DISC = 4;
export const ATTR_LOCAL_PREF = 5;
export const ATTR_ATOMIC_AGGREGATE = 6;
export const ATTR_AGGREGATOR = 7;
export const ATTR_COMMUNITIES = 8;
export const ATTR_ORIGINATOR_ID = 9;
export const ATTR_CLUSTER_LIST = 10;
export const ATTR_MP_REACH_NLRI = 14;
export const ATTR_MP_UNREACH_NLRI = 15;
export const ATTR_EXTENDED_COMMUNITIES = 16;
export const ATTR_AS4_PATH = 17;
export const ATTR_AS4_AGGREGATOR = 18;
export const ATTR_LARGE_COMMUNITIES = 32;
export const ATTR_ONLY_TO_CUSTOMER = 35;

/** Attribute flag bits (RFC 4271 §4.3). */
export const ATTR_FLAG_OPTIONAL = 0x80;
export const ATTR_FLAG_TRANSITIVE = 0x40;
export const ATTR_FLAG_PARTIAL = 0x20;
export const ATTR_FLAG_EXTENDED_LENGTH = 0x10;

/** AS_PATH segment types (RFC 4271 §4.3, RFC 5065 §3). */
export const AS_SET = 1;
export const AS_SEQUENCE = 2;
export const AS_CONFED_SEQUENCE = 3;
export const AS_CONFED_SET = 4;

/** RFC 6793 §9: the 2-byte placeholder for a 4-byte ASN. */
export const AS_TRANS = 23456;

/** Address family and subsequent address family identifiers (RFC 4760). */
export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;
export const SAFI_MULTICAST = 2;

/** Well-known communities (RFC 1997). */
export const COMMUNITY_NO_EXPORT = 0xffffff01;
export const COMMUNITY_NO_ADVERTISE = 0xffffff02;
export const COMMUNITY_NO_EXPORT_SUBCONFED = 0xffffff03;

/** RFC 4271 §4.1: the header, and the largest message without RFC 8654 extended messages. */
export const BGP_HEADER_LENGTH = 19;
export const BGP_MAX_MESSAGE_LENGTH = 4096;

/** OPEN optional parameter: Capabilities (RFC 5492 §4). */
export const OPEN_PARAM_CAPABILITIES = 2;

/** Capability codes (IANA "Capability Codes"). */
export const CAP_MULTIPROTOCOL = 1;
export const CAP_ROUTE_REFRESH = 2;
export const CAP_GRACEFUL_RESTART = 64;
export const CAP_AS4 = 65;
export const CAP_ADD_PATH = 69;
export const CAP_ENHANCED_ROUTE_REFRESH = 70;
/** The pre-standard route refresh capability some routers still send. */
export const CAP_ROUTE_REFRESH_CISCO = 128;

/** NOTIFICATION error codes (RFC 4271 §4.5, RFC 6608 for the FSM error). */
export const NOTIFY_MESSAGE_HEADER = 1;
export const NOTIFY_OPEN = 2;
export const NOTIFY_UPDATE = 3;
export const NOTIFY_HOLD_TIMER_EXPIRED = 4;
export const NOTIFY_FSM = 5;
export const NOTIFY_CEASE = 6;
export const NOTIFY_ROUTE_REFRESH = 7;

/** Message Header Error subcodes (RFC 4271 §6.1). */
export const HEADER_NOT_SYNCHRONIZED = 1;
export const HEADER_BAD_LENGTH = 2;
export const HEADER_BAD_TYPE = 3;

/** OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492 §5). */
export const OPEN_UNSUPPORTED_VERSION = 1;
export const OPEN_BAD_PEER_AS = 2;
export const OPEN_BAD_BGP_ID = 3;
export const OPEN_UNSUPPORTED_PARAMETER = 4;
export const OPEN_UNACCEPTABLE_HOLD_TIME = 6;
export const OPEN_UNSUPPORTED_CAPABILITY = 7;

/** UPDATE Message Error subcodes (RFC 4271 §6.3). */
export const UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;
export const UPDATE_ATTRIBUTE_FLAGS = 4;
export const UPDATE_ATTRIBUTE_LENGTH = 5;
export const UPDATE_OPTIONAL_ATTRIBUTE = 9;
export const UPDATE_INVALID_NETWORK_FIELD = 10;

/** Cease subcodes (RFC 4486, RFC 8203). */
export const CEASE_MAX_PREFIXES = 1;
export const CEASE_ADMIN_SHUTDOWN = 2;
export const CEASE_PEER_DECONFIGURED = 3;
export const CEASE_ADMIN_RESET = 4;
export const CEASE_CONNECTION_REJECTED = 5;
export const CEASE_OTHER_CONFIGURATION_CHANGE = 6;
export const CEASE_CONNECTION_COLLISION = 7;
export const CEASE_OUT_OF_RESOURCES = 8;

/** BGP FSM states as MRT STATE_CHANGE numbers them (RFC 6396 §4.4.1). */
export const STATE_IDLE = 1;
export const STATE_CONNECT = 2;
export const STATE_ACTIVE = 3;
export const STATE_OPEN_SENT = 4;
export const STATE_OPEN_CONFIRM = 5;
export const STATE_ESTABLISHED = 6;
