#!/usr/bin/env bash
# Runs a build command so that it trusts extra CA certificates when the build secret "extra_ca"
# (a PEM file, one or more certificates) is mounted: builds behind a TLS-intercepting proxy then
# work. The certificates go into a copy of the JDK trust store used only by this command, so the
# JDK and the runtime image keep the public roots only. Without the secret it just runs the command.
set -euo pipefail

bundle=/run/secrets/extra_ca
if [ -s "$bundle" ]; then
  store=/tmp/build-truststore.p12
  cp "$JAVA_HOME/lib/security/cacerts" "$store"
  split_dir="$(mktemp -d)"
  # keytool reads one certificate per file: split the bundle.
  awk -v dir="$split_dir" '
    /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/%03d.pem", dir, n) }
    file { print > file }
    /-----END CERTIFICATE-----/ { close(file); file = "" }
  ' "$bundle"
  count=0
  for cert in "$split_dir"/*.pem; do
    [ -e "$cert" ] || continue
    count=$((count + 1))
    keytool -importcert -noprompt -storepass changeit -keystore "$store" \
      -alias "extra-ca-$count" -file "$cert" >/dev/null
  done
  rm -rf "$split_dir"
  echo "with-extra-ca: trusting $count extra CA certificate(s) for this step" >&2
  export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Djavax.net.ssl.trustStore=$store -Djavax.net.ssl.trustStorePassword=changeit"
fi
exec "$@"
