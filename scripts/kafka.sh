#!/usr/bin/env bash
# A real Apache Kafka broker for development, tests and CI: one KRaft node (broker + controller) on
# 127.0.0.1, built from the official org.apache.kafka artifacts on Maven Central (JDK 17+ and Maven needed).
#
#   scripts/kafka.sh start [--port N] [--dir DIR]   fetch (once), format, start in the background, wait,
#                                                   print KAFKA_BROKERS=127.0.0.1:<port>
#   scripts/kafka.sh stop [--dir DIR]               stop it and delete its data
#   scripts/kafka.sh status [--dir DIR]             print KAFKA_BROKERS=… when running (exit 1 otherwise)
#   scripts/kafka.sh fetch                          only download the broker into the cache
#
# Environment: KAFKA_VERSION (default below), KAFKA_CACHE (the jars, default <repo>/.kafka, reused between
# runs), KAFKA_HEAP (default -Xmx512m). DIR holds one node's config, data, log and pid (default
# <cache>/node); give each concurrent node its own DIR.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${KAFKA_CACHE:-$ROOT/.kafka}"
LIBS="$CACHE/$KAFKA_VERSION/libs"
HEAP="${KAFKA_HEAP:--Xmx512m -Xms128m}"
START_TIMEOUT_S=90

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

need_tools() {
  command -v java >/dev/null || die "java not found: install a JDK 17+ (Debian: apt-get install default-jdk-headless) or set KAFKA_BROKERS to your own cluster."
  command -v mvn >/dev/null || die "mvn not found: install Maven (Debian: apt-get install maven) or set KAFKA_BROKERS to your own cluster."
}

# Resolves kafka_2.13 and its runtime dependencies with a throwaway pom; the jars land in $LIBS.
fetch() {
  [[ -f "$LIBS/.complete" ]] && return 0
  need_tools
  local work="$CACHE/$KAFKA_VERSION"
  mkdir -p "$work"
  rm -rf "$LIBS"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>pioneira.local</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- The broker logs through SLF4J; the distribution ships the log4j2 binding (SLF4J 1.x), the pom does not. -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>2.24.3</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>2.24.3</version>
    </dependency>
  </dependencies>
</project>
POM
  echo "kafka.sh: fetching Apache Kafka $KAFKA_VERSION from Maven Central (one time)…" >&2
  mvn -q -B -f "$work/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$work/fetch.log" 2>&1 ||
    die "fetching Kafka $KAFKA_VERSION failed (see $work/fetch.log): check that Maven Central is reachable."
  touch "$LIBS/.complete"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_running() {
  [[ -f "$DIR/pid" ]] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null
}

write_config() {
  local port="$1" controller_port="$2"
  cat >"$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/data
# One node: internal topics cannot be replicated, and few partitions keep group start-up quick.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Topics are created by the applications with their own partition count and retention.
auto.create.topics.enable=false
# Groups form at once and may use short session timeouts, so tests of rebalancing stay fast.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
group.consumer.min.session.timeout.ms=1000
group.consumer.min.heartbeat.interval.ms=200
PROPS
  cat >"$DIR/log4j2.properties" <<LOG
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$DIR/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=org.apache.kafka
logger.kafka.level=WARN
logger.controller.name=kafka.controller
logger.controller.level=WARN
LOG
}

start() {
  local port="${PORT:-}"
  if is_running; then
    echo "KAFKA_BROKERS=127.0.0.1:$(cat "$DIR/port")"
    return 0
  fi
  fetch
  need_tools
  rm -rf "$DIR/data"
  mkdir -p "$DIR"
  [[ -n "$port" ]] || port="$(free_port)"
  port_open "$port" && die "port $port is already in use: choose another with --port."
  local controller_port
  controller_port="$(free_port)"
  write_config "$port" "$controller_port"
  local cp="$LIBS/*"
  local jvm=(java $HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$DIR/log4j2.properties" -cp "$cp")
  # A random cluster id (16 bytes, base64url without padding) as kafka-storage random-uuid would make.
  local cluster_id
  # One that starts with '-' would read as an option to the storage tool (1 start in 64 failed so).
  cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$DIR/server.properties" \
    >"$DIR/format.log" 2>&1 || die "formatting the KRaft storage failed: $(tail -n 5 "$DIR/format.log")"
  # setsid + closed descriptors: the broker outlives this script and holds no pipe of its caller.
  setsid "${jvm[@]}" kafka.Kafka "$DIR/server.properties" </dev/null >"$DIR/stdout.log" 2>&1 &
  echo $! >"$DIR/pid"
  echo "$port" >"$DIR/port"
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until grep -q 'Kafka Server started' "$DIR/server.log" 2>/dev/null && port_open "$port"; do
    if ! is_running; then
      die "the broker exited during start-up: $(tail -n 20 "$DIR/stdout.log" "$DIR/server.log" 2>/dev/null)"
    fi
    if ((SECONDS > deadline)); then
      stop >/dev/null
      die "the broker did not start within ${START_TIMEOUT_S}s (its log was in $DIR/server.log)."
    fi
    sleep 0.2
  done
  echo "KAFKA_BROKERS=127.0.0.1:$port"
}

stop() {
  if is_running; then
    local pid
    pid="$(cat "$DIR/pid")"
    kill "$pid" 2>/dev/null || true
    # A clean shutdown takes a few seconds; the data is thrown away, so do not wait long for it.
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$DIR"
  echo "kafka stopped"
}

status() {
  if is_running; then
    echo "KAFKA_BROKERS=127.0.0.1:$(cat "$DIR/port")"
  else
    echo "kafka is not running"
    return 1
  fi
}

command="${1:-}"
shift || true
DIR="$CACHE/node"
PORT=""
while (($#)); do
  case "$1" in
  --port) PORT="$2" && shift 2 ;;
  --dir) DIR="$2" && shift 2 ;;
  *) die "unknown option $1 (use --port N or --dir DIR)" ;;
  esac
done
DIR="$(mkdir -p "$DIR" && cd "$DIR" && pwd)"

case "$command" in
start) start ;;
stop) stop ;;
status) status ;;
fetch) fetch ;;
*) die "usage: scripts/kafka.sh start|stop|status|fetch [--port N] [--dir DIR]" ;;
esac
