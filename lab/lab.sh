#!/usr/bin/env bash
# The shutdown lab: a small country behind one international gateway, built from Linux
# network namespaces and veth links, each network a namespace running BIRD 2.
#
#   lab/lab.sh up DIR        build the lab; derived files (entity table, probe configs,
#                            test CA) go into DIR
#   lab/lab.sh down [DIR]    tear everything down (every namespace of the prefix, and
#                            the processes in them); safe to run at any time
#   lab/lab.sh cut ACTION    one cut at the border (see ACTIONS below)
#   lab/lab.sh restore       undo every cut
#   lab/lab.sh status        namespaces, BGP sessions, routes the collector hears
#
# Needs root, iproute2, nftables, BIRD 2 (bird2), dnsmasq (dnsmasq-base), openssl and
# node. Every address is from 198.18.0.0/15 (RFC 2544's benchmarking block) and lives
# inside the lab's namespaces only: nothing is routed to or from the machine's own
# network namespace, so nothing the lab does is ever sent anywhere else.
# NLLAB_PREFIX (default nllab) names the namespaces, so a second lab (or a test's) can
# run beside a user's. `up` starts with `down`, so a failed or killed run leaves
# nothing behind once the next one starts.
#
# The scenarios (what is cut when, and what Nightlight should see) are in
# src/cli/lab/lab-scenarios.ts; `nightlight lab list` names them.
set -Eeuo pipefail

P=${NLLAB_PREFIX:-nllab}
HERE=$(cd "$(dirname "$0")" && pwd)

# ---------------------------------------------------------------------------------
# The country. One line per domestic network:
#   name  ASN  kind  region  prefixes (each a multiple of /24)  service-name
# ASNs from RFC 5398's documentation range (64496–64511).
NETS=(
  "isp  64501 fixed  XL-01 198.18.16.0/21                news"
  "mob1 64502 mobile XL-01 198.18.32.0/20                bank"
  "mob2 64503 mobile XL-01 198.18.48.0/21,198.18.56.0/22 shop"
  "reg  64504 fixed  XL-02 198.18.64.0/22,198.18.68.0/23 gov"
)
COUNTRY=XL            # ISO 3166-1 user-assigned code: never a real country
COUNTRY_NAME="Labland"
REGION_NAMES=("XL-01:Capital" "XL-02:Highlands")
GW_ASN=64500
ABROAD_ASN=64510
VP_ASN=64511
# Links (/31s of 198.19.255.0/24): the gateway's side is even, the other side odd.
GW_ABROAD=198.19.255.0   # gw .0, abroad .1
ABROAD_VP=198.19.255.2   # abroad .2, vantage .3
# gw–isp .4/.5, gw–mob1 .6/.7, gw–mob2 .8/.9, gw–reg .10/.11 (in NETS order)
VP_ADDR=198.19.255.3
OBSERVATORY_PORT=8080
# Abroad: international services in 198.19.0.0/24; the DNS server answers for them.
WORLD_PREFIX=198.19.0.0/24
# The rest of the world's table, as the gateway hears it from abroad: 198.19.0.0/24 to
# 198.19.31.0/24 (announced only; the services are in the first).
WORLD_ROUTES=32
WORLD_DNS=198.19.0.53
WORLD_SITES=("www:198.19.0.10" "mail:198.19.0.11" "video:198.19.0.12" "social:198.19.0.13")
# Whitelisting lets these through the border: one foreign site, the foreign DNS, and
# one domestic service besides the ISP's own.
WHITELIST_WORLD=198.19.0.10
WHITELIST_DOMESTIC=bank
# Share of probes an ordinary host answers (hosts sleep, firewalls drop): the input
# nftables drops the rest of the echo requests at random in every domestic network.
AVAILABILITY_PERCENT=70
# In each /24, addresses .64–.127 answer; the rest of the /24 is a blackhole.
HOSTS_OFFSET=64
HOSTS_LEN=26

ns() { echo "$P-$1"; }
in_ns() { local n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }
# A daemon in a namespace, in the background, its output to LOG. `exec` leaves no shell
# behind it: a shell would inherit the ERR trap and, when the daemon is ended by a later
# `down`, tear down whatever lab is up by then.
bg_in_ns() { local n=$1 log=$2; shift 2; ( trap - ERR; exec ip netns exec "$(ns "$n")" "$@" </dev/null >>"$log" 2>&1 ) & }
log() { echo "lab: $*" >&2; }
die() { echo "lab: $*" >&2; exit 1; }

field() { local line=$1 i=$2; awk -v i="$i" '{ print $i }' <<<"$line"; }
# Link address of network number $1 (0-based): gateway side and network side.
gw_side() { echo "198.19.255.$((4 + 2 * $1))"; }
net_side() { echo "198.19.255.$((5 + 2 * $1))"; }
# The /24s of a prefix list "198.18.16.0/21,…", as their first three octets.
blocks_of() {
  local p net len a b c n i
  for p in ${1//,/ }; do
    net=${p%/*}; len=${p#*/}
    IFS=. read -r a b c _ <<<"$net"
    n=$((1 << (24 - len)))
    for ((i = 0; i < n; i++)); do echo "$a.$b.$((c + i))"; done
  done
}
# (No `| head`: under pipefail, the writer's SIGPIPE would fail the script at random.)
first_block() { local all; mapfile -t all < <(blocks_of "$1"); echo "${all[0]}"; }
service_addr() { echo "$(first_block "$1").10"; }

# ---------------------------------------------------------------------------------
down() {
  local dir=${1:-} n pids
  for n in $(ip netns list | awk '{ print $1 }' | grep "^$P-" || true); do
    pids=$(ip netns pids "$n" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill $pids 2>/dev/null || true
  done
  for n in $(ip netns list | awk '{ print $1 }' | grep "^$P-" || true); do
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      [ -z "$(ip netns pids "$n" 2>/dev/null || true)" ] && break
      sleep 0.2
    done
    pids=$(ip netns pids "$n" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
    ip netns del "$n" 2>/dev/null || true
  done
  if [ -n "$dir" ] && [ -f "$dir/lab.env" ]; then rm -rf "$dir"/run; fi
  return 0
}

link() { # link NS_A IF_A ADDR_A NS_B IF_B ADDR_B (each a /31)
  ip -n "$(ns "$1")" link add "$2" type veth peer name "$5" netns "$(ns "$4")"
  ip -n "$(ns "$1")" addr add "$3/31" dev "$2"
  ip -n "$(ns "$4")" addr add "$6/31" dev "$5"
  ip -n "$(ns "$1")" link set "$2" up
  ip -n "$(ns "$4")" link set "$5" up
}

make_ca() {
  local dir=$1 names=() n
  mkdir -p "$dir/tls"
  for n in "${NETS[@]}"; do names+=("DNS:$(field "$n" 6).xl.test"); done
  for n in "${WORLD_SITES[@]}"; do names+=("DNS:${n%%:*}.world.example"); done
  # ECDSA P-256: handshakes cheap enough for rounds of a few seconds on a busy machine.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=Nightlight lab test CA" \
    -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=lab services" \
    -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\n' "$(IFS=,; echo "${names[*]}")" >"$dir/tls/san.ext"
  openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.pem" -CAkey "$dir/tls/ca.key" \
    -CAcreateserial -days 2 -extfile "$dir/tls/san.ext" -out "$dir/tls/server.pem" 2>/dev/null
}

bird_common() { # bird_common ROUTER_ID
  cat <<EOF
router id $1;
timeformat protocol iso long;
protocol device { scan time 10; }
EOF
}
bgp_timers='hold time 30; keepalive time 10; connect delay time 1; connect retry time 2; error wait time 1, 10;'

start_bird() { # start_bird NAME
  local n=$1
  TZ=UTC in_ns "$n" bird -c "$RUN/$n.bird.conf" -s "$RUN/$n.bird.ctl" -P "$RUN/$n.bird.pid"
}
birdc_ns() { local n=$1; shift; in_ns "$n" birdc -s "$RUN/$n.bird.ctl" "$@"; }

# The gateway's export policy: the country's prefixes to the world, and to the
# collector also the world's routes (a collector's peer carries a full table, which is
# what makes it a full-feed peer: after a withdrawal it still carries the rest).
gw_policy() { # gw_policy normal|withdrawn
  if [ "$1" = withdrawn ]; then
    echo 'filter to_world { reject; }
filter to_collector { if proto = "abroad" then accept; reject; }' >"$RUN/gw.policy.conf"
  else
    echo 'filter to_world { if net ~ [ 198.18.0.0/16{16,24} ] then accept; reject; }
filter to_collector { if proto = "abroad" then accept; if net ~ [ 198.18.0.0/16{16,24} ] then accept; reject; }' >"$RUN/gw.policy.conf"
  fi
}

up() {
  local dir=${1:-}
  [ -n "$dir" ] || die "usage: lab.sh up DIR"
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
  local tool
  for tool in ip nft bird birdc dnsmasq openssl node; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: iproute2 nftables bird2 dnsmasq-base openssl nodejs)"
  done
  down "$dir"
  # A failure half-way leaves nothing behind.
  trap 'echo "lab: up failed at line $LINENO: $BASH_COMMAND; tearing down" >&2; trap - ERR; down' ERR
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  RUN=$dir/run
  rm -rf "$RUN"
  rm -rf "$dir/mrt"
  mkdir -p "$RUN" "$dir/mrt"
  make_ca "$dir"

  local all=(gw abroad vp) n i name asn kind region prefixes svc b
  for n in "${NETS[@]}"; do all+=("$(field "$n" 1)"); done
  for n in "${all[@]}"; do
    ip netns add "$(ns "$n")"
    ip -n "$(ns "$n")" link set lo up
  done
  in_ns gw sysctl -qw net.ipv4.ip_forward=1
  in_ns abroad sysctl -qw net.ipv4.ip_forward=1

  # Links: the gateway is the country's only way out; the vantage point sits abroad.
  link gw gw-abroad "$GW_ABROAD" abroad abroad-gw 198.19.255.1
  link abroad abroad-vp "$ABROAD_VP" vp vp-abroad "$VP_ADDR"
  i=0
  for n in "${NETS[@]}"; do
    name=$(field "$n" 1)
    link gw "gw-$name" "$(gw_side $i)" "$name" "$name-gw" "$(net_side $i)"
    i=$((i + 1))
  done
  ip -n "$(ns gw)" route add default via 198.19.255.1
  ip -n "$(ns vp)" route add default via 198.19.255.2

  # Domestic networks: hosts that answer, the rest of each /24 a blackhole, a default
  # route to the gateway from an address of their own, and hosts that sometimes sleep.
  i=0
  for n in "${NETS[@]}"; do
    name=$(field "$n" 1); prefixes=$(field "$n" 5)
    for b in $(blocks_of "$prefixes"); do
      ip -n "$(ns "$name")" route add blackhole "$b.0/24"
      ip -n "$(ns "$name")" route add local "$b.$HOSTS_OFFSET/$HOSTS_LEN" dev lo
    done
    b=$(first_block "$prefixes")
    ip -n "$(ns "$name")" route add local "$b.1/32" dev lo
    ip -n "$(ns "$name")" route add local "$b.10/32" dev lo
    ip -n "$(ns "$name")" route add default via "$(gw_side $i)" src "$b.1"
    in_ns "$name" nft -f - <<EOF
table inet nllab {
  chain input {
    type filter hook input priority 0; policy accept;
    icmp type echo-request numgen random mod 100 >= $AVAILABILITY_PERCENT drop
  }
}
EOF
    i=$((i + 1))
  done
  # The ISP also runs the country's resolver.
  ip -n "$(ns isp)" route add local "$(first_block "$(field "${NETS[0]}" 5)").53/32" dev lo
  # Abroad: the world's services.
  ip -n "$(ns abroad)" route add blackhole "$WORLD_PREFIX"
  ip -n "$(ns abroad)" route add local "$WORLD_DNS/32" dev lo
  for n in "${WORLD_SITES[@]}"; do ip -n "$(ns abroad)" route add local "${n#*:}/32" dev lo; done

  # The border's cuts: rules go into chain `cut`, which the forward hook jumps to.
  for n in gw abroad; do
    in_ns "$n" nft -f - <<EOF
table inet nllab {
  chain cut { }
  chain forward { type filter hook forward priority 0; policy accept; jump cut; }
}
EOF
  done

  # BIRD: each domestic network announces its prefixes to the gateway; the gateway
  # installs them and passes them on to the world (abroad) and to Nightlight's
  # collector (the vantage point, a multihop session across abroad, as route
  # collectors peer). The collector announces nothing.
  gw_policy normal
  {
    bird_common "$GW_ABROAD"
    echo "include \"$RUN/gw.policy.conf\";"
    echo 'protocol kernel { ipv4 { import none; export all; }; }'
    echo "protocol bgp abroad { local $GW_ABROAD as $GW_ASN; neighbor 198.19.255.1 as $ABROAD_ASN; $bgp_timers ipv4 { import all; export filter to_world; }; }"
    echo "protocol bgp collector { local $GW_ABROAD as $GW_ASN; neighbor $VP_ADDR as $VP_ASN; multihop 2; $bgp_timers ipv4 { import none; export filter to_collector; }; }"
    i=0
    for n in "${NETS[@]}"; do
      name=$(field "$n" 1); asn=$(field "$n" 2)
      echo "protocol bgp $name { local $(gw_side $i) as $GW_ASN; neighbor $(net_side $i) as $asn; $bgp_timers ipv4 { import all; export none; }; }"
      i=$((i + 1))
    done
  } >"$RUN/gw.bird.conf"
  i=0
  for n in "${NETS[@]}"; do
    name=$(field "$n" 1); asn=$(field "$n" 2); prefixes=$(field "$n" 5)
    {
      bird_common "$(net_side $i)"
      echo "protocol static announced { ipv4; $(for p in ${prefixes//,/ }; do printf 'route %s blackhole; ' "$p"; done)}"
      echo "protocol bgp border { local $(net_side $i) as $asn; neighbor $(gw_side $i) as $GW_ASN; $bgp_timers ipv4 { import none; export where proto = \"announced\"; }; }"
    } >"$RUN/$name.bird.conf"
    i=$((i + 1))
  done
  {
    bird_common 198.19.255.1
    echo "protocol static world { ipv4; $(for i in $(seq 0 $((WORLD_ROUTES - 1))); do printf 'route 198.19.%d.0/24 blackhole; ' "$i"; done)}"
    echo 'protocol kernel { ipv4 { import none; export where proto != "world"; }; }'
    echo "protocol bgp border { local 198.19.255.1 as $ABROAD_ASN; neighbor $GW_ABROAD as $GW_ASN; $bgp_timers ipv4 { import all; export where proto = \"world\"; }; }"
  } >"$RUN/abroad.bird.conf"
  # Until Nightlight's own BGP speaker (`nightlight collect`, issue 9) takes this
  # session, a BIRD stands in for it and dumps its table as MRT every second.
  {
    bird_common "$VP_ADDR"
    echo "protocol bgp border { local $VP_ADDR as $VP_ASN; neighbor $GW_ABROAD as $GW_ASN; multihop 2; $bgp_timers ipv4 { import all; export none; }; }"
    echo "protocol mrt ribs { table \"master4\"; filename \"$dir/mrt/rib.%Y%m%d.%H%M%S.mrt\"; period 1; }"
  } >"$RUN/vp.bird.conf"
  for n in "${all[@]}"; do start_bird "$n"; done

  # DNS: abroad answers for the world's names; the ISP's resolver answers for the
  # country's and asks abroad for the rest (as a resolver asks foreign servers).
  local world_args=() xl_args=()
  for n in "${WORLD_SITES[@]}"; do world_args+=("--address=/${n%%:*}.world.example/${n#*:}"); done
  for n in "${NETS[@]}"; do xl_args+=("--address=/$(field "$n" 6).xl.test/$(service_addr "$(field "$n" 5)")"); done
  bg_in_ns abroad "$RUN/abroad.dns.out" dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$WORLD_DNS" --pid-file="$RUN/abroad.dns.pid" --log-facility="$RUN/abroad.dns.log" \
    "${world_args[@]}"
  local resolver
  resolver="$(first_block "$(field "${NETS[0]}" 5)").53"
  bg_in_ns isp "$RUN/isp.dns.out" dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --no-negcache --cache-size=0 \
    --listen-address="$resolver" --server="$WORLD_DNS" --pid-file="$RUN/isp.dns.pid" --log-facility="$RUN/isp.dns.log" \
    "${xl_args[@]}"

  # HTTPS: each domestic network serves its one site, abroad the world's.
  for n in "${NETS[@]}"; do
    name=$(field "$n" 1); svc=$(field "$n" 6)
    bg_in_ns "$name" "$RUN/$name.https.log" node "$HERE/lab-server.mjs" https --cert "$dir/tls/server.pem" --key "$dir/tls/server.key" \
      --site "$(service_addr "$(field "$n" 5)"):443=$svc.xl.test"
  done
  local sites=()
  for n in "${WORLD_SITES[@]}"; do sites+=(--site "${n#*:}:443=${n%%:*}.world.example"); done
  bg_in_ns abroad "$RUN/abroad.https.log" node "$HERE/lab-server.mjs" https --cert "$dir/tls/server.pem" --key "$dir/tls/server.key" \
    "${sites[@]}"

  write_derived "$dir" "$resolver"
  [ -n "${NLLAB_NOWAIT:-}" ] || wait_converged
  trap - ERR
  log "up: $(( ${#all[@]} )) namespaces ($P-*), files in $dir"
}

# Files Nightlight reads: the lab's entity table, the prefixes to watch, the inside
# probe's targets, and the addresses the orchestrator needs.
write_derived() {
  local dir=$1 resolver=$2 n name asn kind region prefixes svc p
  {
    echo "start,end,country,region,asn,as_name"
    for n in "${NETS[@]}"; do
      name=$(field "$n" 1); asn=$(field "$n" 2); kind=$(field "$n" 3); region=$(field "$n" 4); prefixes=$(field "$n" 5)
      for p in ${prefixes//,/ }; do
        local all
        mapfile -t all < <(blocks_of "$p")
        local first=${all[0]} last=${all[-1]}
        echo "$first.0,$last.255,$COUNTRY,$region,$asn,Lab $kind network $name"
      done
    done
  } >"$dir/entities.csv"
  {
    echo "id,name"
    echo "country/$COUNTRY,$COUNTRY_NAME"
    for n in "${REGION_NAMES[@]}"; do echo "region/${n%%:*},${n#*:}"; done
  } >"$dir/entity-names.csv"
  {
    echo "NLLAB_PREFIX=\"$P\""
    echo "NLLAB_COUNTRY=\"$COUNTRY\""
    echo "NLLAB_VP_ADDR=\"$VP_ADDR\""
    echo "NLLAB_OBSERVATORY=\"http://$VP_ADDR:$OBSERVATORY_PORT\""
    echo "NLLAB_RESOLVER=\"$resolver\""
    echo "NLLAB_CA=\"$dir/tls/ca.pem\""
    echo "NLLAB_MRT_DIR=\"$dir/mrt\""
    echo "NLLAB_WORLD=\"$(for s in "${WORLD_SITES[@]}"; do printf '%s ' "${s%%:*}.world.example=${s#*:}"; done)\""
    echo "NLLAB_DOMESTIC=\"$(for n in "${NETS[@]}"; do printf '%s ' "$(field "$n" 6).xl.test=$(service_addr "$(field "$n" 5)")"; done)\""
    echo "NLLAB_PREFIXES=\"$(for n in "${NETS[@]}"; do printf '%s ' "$(field "$n" 5 | tr , ' ')"; done)\""
    echo "NLLAB_MOBILE_ASNS=\"$(for n in "${NETS[@]}"; do [ "$(field "$n" 3)" = mobile ] && printf '%s ' "$(field "$n" 2)"; done; true)\""
    echo "NLLAB_WORLD_ROUTES=\"$WORLD_ROUTES\""
    echo "NLLAB_CONTROLS=\"$(for s in "${WORLD_SITES[@]}"; do printf '%s ' "${s#*:}"; done)\""
  } >"$dir/lab.env"
}

wait_converged() {
  local want=0 n got
  for n in "${NETS[@]}"; do want=$((want + $(tr , ' ' <<<"$(field "$n" 5)" | wc -w))); done
  want=$((want + WORLD_ROUTES))
  for _ in $(seq 1 300); do
    got=$(birdc_ns vp show route count 2>/dev/null | awk '/routes for/ { print $1; exit }' || true)
    if [ "${got:-0}" -ge "$want" ]; then return 0; fi
    sleep 0.2
  done
  birdc_ns vp show protocols all >&2 || true
  die "BGP did not converge: the collector holds ${got:-0} of $want routes"
}

# ---------------------------------------------------------------------------------
# Cuts. Each is one thing a government can order at the border; scenarios combine them.
# The lab folder of `up`, from NLLAB_DIR.
run_dir() {
  [ -n "${NLLAB_DIR:-}" ] && [ -f "$NLLAB_DIR/lab.env" ] || die "set NLLAB_DIR to the folder given to 'lab.sh up'"
  # The lab's own prefix, whatever this shell's NLLAB_PREFIX says.
  P=$(sed -n 's/^NLLAB_PREFIX="\(.*\)"$/\1/p' "$NLLAB_DIR/lab.env")
  ip netns list | grep -q "^$(ns gw) " || ip netns list | grep -qx "$(ns gw)" || die "the lab is not up (no namespace $(ns gw))"
  RUN=$NLLAB_DIR/run
}
gw_cut() { in_ns gw nft add rule inet nllab cut "$@"; }

cut() {
  local action=${1:-} n name
  run_dir
  case $action in
    withdraw-routes)     # every prefix withdrawn from the world; the data plane untouched
      gw_policy withdrawn; birdc_ns gw configure >/dev/null ;;
    drop-all)            # the gateway forwards nothing (routes kept)
      gw_cut drop ;;
    drop-international)  # nothing crosses the border; the country's networks still reach each other
      gw_cut iifname gw-abroad drop; gw_cut oifname gw-abroad drop ;;
    drop-mobile)         # the mobile operators' links (routes kept)
      for n in "${NETS[@]}"; do
        [ "$(field "$n" 3)" = mobile ] || continue
        name=$(field "$n" 1); gw_cut iifname "gw-$name" drop; gw_cut oifname "gw-$name" drop
      done ;;
    drop-region)         # the regional network (region XL-02)
      for n in "${NETS[@]}"; do
        [ "$(field "$n" 4)" = XL-02 ] || continue
        name=$(field "$n" 1); gw_cut iifname "gw-$name" drop; gw_cut oifname "gw-$name" drop
      done ;;
    whitelist)           # a few services through, everything else dropped
      gw_cut ct state established,related accept
      gw_cut ip daddr "$WHITELIST_WORLD" tcp dport 443 accept
      gw_cut ip daddr "$WORLD_DNS" udp dport 53 accept
      for n in "${NETS[@]}"; do
        [ "$(field "$n" 6)" = "$WHITELIST_DOMESTIC" ] || continue
        gw_cut ip daddr "$(service_addr "$(field "$n" 5)")" tcp dport 443 accept
      done
      gw_cut drop ;;
    throttle)            # heavy loss (and delay where the kernel has netem) at the border
      if ! in_ns gw tc qdisc add dev gw-abroad root netem loss 60% delay 200ms 2>/dev/null; then
        # This kernel has no sch_netem: random loss with nftables, and a slow link.
        gw_cut iifname gw-abroad numgen random mod 100 '<' 60 drop
        gw_cut oifname gw-abroad numgen random mod 100 '<' 60 drop
        in_ns gw tc qdisc add dev gw-abroad root tbf rate 256kbit burst 16kb latency 400ms
      fi ;;
    cut-vantage)         # Nightlight's vantage point loses its own connectivity
      in_ns abroad nft add rule inet nllab cut iifname abroad-vp drop
      in_ns abroad nft add rule inet nllab cut oifname abroad-vp drop ;;
    *) die "unknown cut '$action' (withdraw-routes, drop-all, drop-international, drop-mobile, drop-region, whitelist, throttle, cut-vantage)" ;;
  esac
}

restore() {
  run_dir
  in_ns gw nft flush chain inet nllab cut
  in_ns abroad nft flush chain inet nllab cut
  in_ns gw tc qdisc del dev gw-abroad root 2>/dev/null || true
  if grep -q reject\; "$RUN/gw.policy.conf" 2>/dev/null && ! grep -q accept "$RUN/gw.policy.conf"; then
    gw_policy normal; birdc_ns gw configure >/dev/null
  fi
}

status() {
  run_dir
  ip netns list | grep "^$P-" || true
  birdc_ns gw show protocols
  birdc_ns vp show route count
  in_ns gw nft list chain inet nllab cut
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  cut) shift; cut "$@" ;;
  restore) restore ;;
  status) status ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
