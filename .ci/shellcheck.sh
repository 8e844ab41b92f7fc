#!/usr/bin/env bash
# Lints every tracked shell script (*.sh, and files whose first line names bash or sh, such as
# .ci/run and mvnw) with ShellCheck at severity warning, following sourced files. Installs the
# ShellCheck package when it is missing. Exits 1 on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_require_commands shellcheck

scripts=()
while IFS= read -r -d '' file; do
  if [[ "$file" == *.sh ]] || head -n 1 "$file" | grep -qE '^#!.*[/ ](ba)?sh( |$)'; then
    scripts+=("$file")
  fi
done < <(git ls-files -z)
echo "shellcheck $(shellcheck --version | sed -n 's/^version: //p'), ${#scripts[@]} scripts"
shellcheck -S warning -x "${scripts[@]}"
echo "shellcheck: no findings"
