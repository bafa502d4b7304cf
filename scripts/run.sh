#!/usr/bin/env bash
# Sets up what is missing, builds 效能台账, and opens it on the demo county
# (演示台账.db beside the default ledger, made once with "xiaoneng demo").
# The office's own ledger is never touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup_packages
setup_go

cd "$REPO_DIR"
say "编译 xiaoneng（首次编译图形界面约需数分钟）"
go build -tags "$(go_tags "$(go env GOARCH)")" -o xiaoneng .

# The program is Chinese only; under a C locale (servers, containers) Fyne
# logs that it cannot parse "C.UTF-8".
locale=()
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
	C | C.* | POSIX | POSIX.*) locale=(LC_ALL=zh_CN.UTF-8) ;;
esac

demo_db="${XIAONENG_DEMO_DB:-${XDG_CONFIG_HOME:-$HOME/.config}/xiaoneng/演示台账.db}"
if [ ! -s "$demo_db" ]; then
	env "${locale[@]}" ./xiaoneng -db "$demo_db" demo
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	die "没有图形桌面（DISPLAY 未设置），无法打开窗口。演示台账已在：$demo_db"
fi
say "打开效能台账：$demo_db"
exec env "${locale[@]}" ./xiaoneng -db "$demo_db"
