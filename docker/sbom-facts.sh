#!/usr/bin/env bash
# Records what the image's bill of materials needs to know beyond the Maven dependencies, in the
# build stage where the packages' database still exists (the final image is FROM scratch):
#
#   docker/sbom-facts.sh --runtime DIR --app DIR --rootfs DIR --out DIR
#
#   --runtime  the jlinked Java runtime (/opt/java/runtime in the image): its release file is kept
#   --app      the directory that becomes /app in the image
#   --rootfs   the directory that becomes / in the image (the C library and the loader)
#   --out      written: jdk-release, os-release (this build system's) and files.tsv, one line per
#              file of the image outside the runtime: path in the image, sha256, and the Debian or
#              Ubuntu package, version and architecture that ships it ("-" for the app's own files)
#
# The supply-chain command turns these into CycloneDX (SupplyChainMain sbom; docs/supply-chain.md).
set -euo pipefail

runtime="" app="" rootfs="" out=""
while (($# > 0)); do
  case "$1" in
    --runtime) runtime="$2" ;;
    --app) app="$2" ;;
    --rootfs) rootfs="$2" ;;
    --out) out="$2" ;;
    *)
      echo "sbom-facts: unknown option '$1'" >&2
      exit 2
      ;;
  esac
  shift 2
done
for dir in "$runtime" "$app" "$rootfs"; do
  [[ -n "$dir" && -d "$dir" ]] || {
    echo "sbom-facts: --runtime, --app and --rootfs must name directories" >&2
    exit 2
  }
done
[[ -n "$out" ]] || {
  echo "sbom-facts: --out is required" >&2
  exit 2
}
[[ -f "$runtime/release" ]] || {
  echo "sbom-facts: $runtime has no release file (not a jlink image?)" >&2
  exit 1
}
mkdir -p "$out"
cp "$runtime/release" "$out/jdk-release"
cp /etc/os-release "$out/os-release"

# The package that ships PATH: dpkg records paths as the package installed them, which on a
# merged-/usr system may be with or without the /usr prefix.
owner() {
  local path="$1" candidate found
  for candidate in "$path" "${path#/usr}" "/usr$path"; do
    if found="$(dpkg-query -S "$candidate" 2>/dev/null | head -n 1)" && [[ -n "$found" ]]; then
      local pkg="${found%%: *}"
      pkg="${pkg%%:*}"
      printf '%s\t%s\t%s' "$pkg" \
        "$(dpkg-query -W -f '${Version}' "$pkg")" "$(dpkg-query -W -f '${Architecture}' "$pkg")"
      return 0
    fi
  done
  printf -- '-\t-\t-'
}

: >"$out/files.tsv"
while IFS= read -r -d '' file; do
  path="/${file#"$rootfs"/}"
  printf '%s\t%s\t%s\n' "$path" "$(sha256sum "$file" | cut -d' ' -f1)" "$(owner "$path")" >>"$out/files.tsv"
done < <(find "$rootfs" -type f -print0 | sort -z)
while IFS= read -r -d '' file; do
  printf '/app/%s\t%s\t-\t-\t-\n' "${file#"$app"/}" "$(sha256sum "$file" | cut -d' ' -f1)" >>"$out/files.tsv"
done < <(find "$app" -type f -print0 | sort -z)
echo "sbom facts: $(wc -l <"$out/files.tsv") files, Java $(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$out/jdk-release") -> $out"
