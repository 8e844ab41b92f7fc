#!/usr/bin/env bash
# The supply chain against a real registry: installs Debian's docker-registry, skopeo, openssl,
# curl and jq, packages the service (its Maven bill of materials) when needed, and runs the
# deploy-hook module's registry ITs (SupplyChainIT): signing through a fake aws command with a
# local P-256 key, push, the gate, the Lambda handler and an independent verifier
# (deploy-hook/cosign-verify.sh) against docker-registry on a free port of REGISTRY_PORTS
# (default 25300-25349). Every case runs; a missing tool fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_use_jdk25
cm_apt_install docker-registry skopeo openssl curl jq
for tool in docker-registry skopeo openssl curl jq ldd; do
  command -v "$tool" >/dev/null || cm_die "$tool is not installed"
done
if [[ ! -f service/target/bom.json ]]; then
  rm -f "$CM_SERVICE_JAR"
fi
cm_package_service
[[ -f service/target/bom.json ]] || cm_die "service/target/bom.json was not written by the service build"
./mvnw -B --no-transfer-progress -pl deploy-hook -Pregistry-it verify \
  -Dregistry.bin="$(command -v docker-registry)" -Dskopeo.bin="$(command -v skopeo)" \
  -Dregistry.ports="${REGISTRY_PORTS:-25300-25349}"
