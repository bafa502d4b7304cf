#!/usr/bin/env bash
# Installs what 效能台账 needs on a Debian or Ubuntu machine, only what is
# missing: the C compiler and libraries Fyne's cgo build needs, the Chinese
# fonts the documents are printed in, poppler-utils and xvfb for the tests,
# the Go toolchain go.mod asks for, and the Go modules.
#
# Sourced by run.sh and test.sh: it leaves the right go first on PATH.
#   setup_packages [extra packages...]   then   setup_go

set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

BASE_PACKAGES=(
	gcc pkg-config libgl1-mesa-dev xorg-dev
	fonts-wqy-microhei fonts-arphic-gbsn00lp fonts-arphic-gkai00mp
	ca-certificates git
)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

# as_root runs a command as root: directly when we are root, else with sudo.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "需要管理员权限安装软件包，但没有 sudo：请以 root 运行，或先安装 $*"
	fi
}

apt_updated=0
apt_install() {
	command -v apt-get >/dev/null 2>&1 || die "本脚本适用于 Debian/Ubuntu（需要 apt-get）；请手动安装：$*"
	if [ "$apt_updated" -eq 0 ]; then
		say "apt-get update"
		as_root apt-get update -qq
		apt_updated=1
	fi
	say "安装 $*"
	as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# setup_fandol puts the Fandol faces (free simplified-Chinese 仿宋, 宋体,
# 黑体 and 楷体; GPL with the font exception), which the documents print in
# where the Windows fonts are missing, in /usr/local/share/fonts/fandol.
# Only texlive-lang-chinese ships them, and with what it depends on it
# installs 255 MB: its package (49 MB) is downloaded and only the faces
# are taken out of it.
FANDOL_DIR=/usr/local/share/fonts/fandol
FANDOL_FACES=(FandolFang-Regular FandolSong-Regular FandolSong-Bold FandolHei-Regular FandolKai-Regular)
setup_fandol() {
	local f tmp missing=0 src=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
	for f in "${FANDOL_FACES[@]}"; do
		[ -f "$FANDOL_DIR/$f.otf" ] || missing=1
	done
	[ "$missing" -eq 1 ] || return 0
	command -v apt-get >/dev/null 2>&1 || die "本脚本适用于 Debian/Ubuntu（需要 apt-get）；请手动安装 Fandol 字体"
	if [ "$apt_updated" -eq 0 ]; then
		say "apt-get update"
		as_root apt-get update -qq
		apt_updated=1
	fi
	say "从 texlive-lang-chinese 取出 Fandol 字体"
	tmp="$(mktemp -d)"
	chmod 755 "$tmp" # apt downloads as its own user
	if ! (cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null) ||
		! dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb | tar -x -C "$tmp" --wildcards "./$src/*.otf" './usr/share/doc/texlive-doc/fonts/fandol/*'; then
		rm -rf "$tmp"
		die "无法取得 texlive-lang-chinese 中的 Fandol 字体"
	fi
	as_root mkdir -p "$FANDOL_DIR"
	for f in "${FANDOL_FACES[@]}"; do
		as_root install -m 644 "$tmp/$src/$f.otf" "$FANDOL_DIR/"
	done
	as_root install -m 644 "$tmp"/usr/share/doc/texlive-doc/fonts/fandol/* "$FANDOL_DIR/"
	rm -rf "$tmp"
	if command -v fc-cache >/dev/null 2>&1; then
		as_root fc-cache -f "$FANDOL_DIR" >/dev/null
	fi
}

# setup_packages installs the base packages and any extra ones given that
# are not installed yet.
setup_packages() {
	local missing=() p
	for p in "${BASE_PACKAGES[@]}" "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing+=("$p")
		fi
	done
	if [ "${#missing[@]}" -gt 0 ]; then
		apt_install "${missing[@]}"
	fi
}

# version_ok tells whether go version $1 (e.g. 1.26.8) is at least $2.
version_ok() {
	[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

go_version_of() {
	"$1" env GOVERSION 2>/dev/null | sed 's/^go//' || true
}

# setup_go puts a Go toolchain of at least go.mod's version first on PATH.
# If none is installed, Debian's golang-go (older) is installed and used
# only to fetch the right toolchain, which the Go module proxy serves as
# the module golang.org/toolchain, the same way the go command's own
# toolchain switch gets it.
setup_go() {
	local want goos goarch have candidate dir
	# Each go finds its own root; a GOROOT left from another Go would
	# mislead the one chosen here.
	unset GOROOT
	want="$(awk '$1 == "go" { print $2; exit }' "$REPO_DIR/go.mod")"
	[ -n "$want" ] || die "go.mod 中没有 go 版本"
	local home="${XDG_DATA_HOME:-$HOME/.local/share}/xiaoneng-go/go$want"

	for candidate in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go "$home/bin/go"; do
		[ -n "$candidate" ] && [ -x "$candidate" ] || continue
		have="$(GOTOOLCHAIN=local go_version_of "$candidate")"
		if [ -n "$have" ] && version_ok "$have" "$want"; then
			export PATH="$(dirname "$candidate"):$PATH"
			export GOTOOLCHAIN=local
			say "Go $have: $candidate"
			go_modules
			return
		fi
	done

	local bootstrap
	bootstrap="$(command -v go 2>/dev/null || true)"
	if [ -z "$bootstrap" ]; then
		apt_install golang-go
		bootstrap="$(command -v go)"
	fi
	case "$(uname -m)" in
		x86_64 | amd64) goarch=amd64 ;;
		aarch64 | arm64) goarch=arm64 ;;
		*) die "不支持的处理器架构：$(uname -m)" ;;
	esac
	goos=linux
	say "用 $("$bootstrap" version) 从 Go 模块代理获取 Go $want"
	local cache
	cache="$(mktemp -d)"
	# Run outside the repository: an old go refuses our go.mod.
	dir="$(cd "$cache" && GOTOOLCHAIN=local GOFLAGS=-modcacherw GOMODCACHE="$cache/mod" GOPATH="$cache/gopath" \
		"$bootstrap" mod download -json "golang.org/toolchain@v0.0.1-go$want.$goos-$goarch" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
	[ -n "$dir" ] && [ -d "$dir" ] || die "无法从 Go 模块代理获取 Go $want"
	rm -rf "$home"
	mkdir -p "$(dirname "$home")"
	cp -R "$dir" "$home"
	rm -rf "$cache"
	# Module zips do not keep the executable bit.
	chmod -R u+w "$home"
	chmod +x "$home"/bin/* "$home"/pkg/tool/*/*
	export PATH="$home/bin:$PATH"
	export GOTOOLCHAIN=local
	say "Go $(go_version_of "$home/bin/go"): $home/bin/go"
	go_modules
}

go_modules() {
	(cd "$REPO_DIR" && go mod download) || die "Go 模块下载失败"
}

# go_tags ARCH prints the build tags the program needs on ARCH. On arm64,
# purego: github.com/emmansun/gmsm v0.15.5 (the only version the module
# proxy serves) writes its arm64 SM3 and SM4 instructions byte-swapped, so a
# CPU that reports SM3/SM4 (newer ARM servers and desktops; qemu) runs other
# instructions in their place or stops with SIGILL; purego builds its
# portable Go code instead. test-packages.sh runs the arm64 program under
# qemu, which reports both.
go_tags() {
	case "$1" in
	arm64) echo purego ;;
	esac
}
