# Shared by pre-receive and post-receive; sourced, not run. Reads the repository's settings
# (git config inspection.*) and says who is pushing. See deploy/README.md.
# shellcheck disable=SC2034 # the variables are read by the hooks that source this file

zero=0000000000000000000000000000000000000000

fail_config() {
  echo "✘ 服务器配置有误：$1（见 deploy/README.md）" >&2
  exit 1
}

# The trusted checkout of the app: every check and build runs its code, never the pushed commit's.
app=$(git config --get inspection.app) || fail_config "没有设置 git config inspection.app（应用的安装目录）"
[ -f "$app/scripts/run.mjs" ] || fail_config "inspection.app=$app 不是本应用的目录"
branch=$(git config --get inspection.branch || echo main)
web_root=$(git config --get inspection.webRoot || true)
log_dir=$(git config --get inspection.logDir || { [ -n "$web_root" ] && echo "$web_root/logs"; } || true)
repo_dir=$(cd "$(git rev-parse --git-dir)" && pwd)

# Who is pushing, as the git server authenticated them. The server sets one of these variables;
# a plain ssh or file push has none, and then the account the hook runs as is all there is.
pusher_name() {
  local variable
  variable=$(git config --get inspection.pusherVariable || true)
  for name in $variable GL_USERNAME GITEA_PUSHER_NAME REMOTE_USER; do
    if [ -n "${!name:-}" ]; then
      echo "${!name}"
      return
    fi
  done
  id -un
}
pusher=$(pusher_name)

# Runs the trusted app's script (check, publish) outside this repository's git environment, with
# the settings from `git config --add inspection.env KEY=VALUE` (BASE_PATH, REPORT_DATE, …).
run_app() (
  while IFS= read -r variable; do unset "$variable"; done < <(compgen -e | grep '^GIT_')
  while IFS= read -r setting; do
    [[ "$setting" =~ ^[A-Z_][A-Z0-9_]*= ]] && export "${setting?}"
  done < <(git --git-dir="$repo_dir" config --get-all inspection.env || true)
  cd "$app" && node scripts/run.mjs "$@"
)

log_file() {
  [ -n "$log_dir" ] || return 1
  mkdir -p "$log_dir" && echo "$log_dir/$1.log"
}
