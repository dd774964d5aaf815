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
  # GL_USERNAME: GitLab; GL_USER: gitolite; GITEA_PUSHER_NAME: Gitea and Forgejo; REMOTE_USER: git-http-backend.
  for name in $variable GL_USERNAME GL_USER GITEA_PUSHER_NAME REMOTE_USER; do
    if [ -n "${!name:-}" ]; then
      echo "${!name}"
      return
    fi
  done
  id -un
}
pusher=$(pusher_name)

# The settings from `git config --add inspection.env KEY=VALUE` (BASE_PATH, REPORT_DATE, …),
# read before any GIT_ variable is dropped. Names that configure git, node or the loader are
# not settings of the app and are refused.
mapfile -t app_settings < <(git --git-dir="$repo_dir" config --get-all inspection.env || true)
export_app_settings() {
  local setting
  for setting in "${app_settings[@]}"; do
    [[ "$setting" =~ ^[A-Z][A-Z0-9_]*= ]] || continue
    case "$setting" in GIT_* | NODE_* | LD_* | PATH=* | HOME=*) continue ;; esac
    export "${setting?}"
  done
}

# Runs the trusted app's script (check, publish) outside this repository's git environment.
run_app() (
  while IFS= read -r variable; do unset "$variable"; done < <(compgen -e | grep '^GIT_')
  export_app_settings
  cd "$app" && node scripts/run.mjs "$@"
)

# The same, keeping the variables through which git shows a pre-receive hook the pushed
# objects (the quarantine): the app passes them to git alone, never to the data check.
run_app_keeping_quarantine() (
  while IFS= read -r variable; do
    case "$variable" in GIT_OBJECT_DIRECTORY | GIT_ALTERNATE_OBJECT_DIRECTORIES | GIT_QUARANTINE_PATH) ;; *) unset "$variable" ;; esac
  done < <(compgen -e | grep '^GIT_')
  export_app_settings
  cd "$app" && node scripts/run.mjs "$@"
)

# git on a repository or a clone holding pushed content: named explicitly, and with settings
# (which outrank every config file) under which nothing in it can run a command.
safe_git() {
  git -c core.fsmonitor=false -c core.hooksPath=/dev/null -c core.pager=cat -c safe.bareRepository=explicit \
    -c submodule.recurse=false -c protocol.allow=never -c protocol.file.allow=always --no-pager "$@"
}

log_file() {
  [ -n "$log_dir" ] || return 1
  mkdir -p "$log_dir" && echo "$log_dir/$1.log"
}
