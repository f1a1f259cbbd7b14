# Sourced by .ci/run (and usable by hand: `source .ci/python-tools.sh`): the pinned Python tools of
# .ci/requirements.txt in .venv/ under the repository (git-ignored), never in the system's Python.
# Reinstalled only when the requirements file changes (its hash is kept in .venv/requirements.sha256).
_cutover_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cutover_venv="$_cutover_root/.venv"
_cutover_hash="$(sha256sum "$_cutover_root/.ci/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$_cutover_venv/bin/python" ] || [ "$(cat "$_cutover_venv/requirements.sha256" 2>/dev/null)" != "$_cutover_hash" ]; then
  command -v python3 >/dev/null || { echo "The Python tools need python3 (3.11) with venv and pip" >&2; return 1 2>/dev/null || exit 1; }
  echo "== installing the pinned Python tools into .venv (cfn-lint, aws-sam-cli, moto)"
  rm -rf "$_cutover_venv"
  python3 -m venv "$_cutover_venv"
  "$_cutover_venv/bin/pip" install -q --disable-pip-version-check -r "$_cutover_root/.ci/requirements.txt"
  echo "$_cutover_hash" > "$_cutover_venv/requirements.sha256"
fi
export PATH="$_cutover_venv/bin:$PATH"
export SAM_CLI_TELEMETRY=0
unset _cutover_root _cutover_venv _cutover_hash
