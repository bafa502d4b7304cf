#!/usr/bin/env bash
# Tests the Linux packages: builds both .debs as release.sh does, checks
# that the arm64 program is an ARM aarch64 executable (file) that runs
# (qemu-user), and that both
# packages hold what they should (dpkg-deb --info/--contents,
# desktop-file-validate), then installs the amd64 .deb with dpkg -i in a
# clean Debian chroot (debootstrap --variant=minbase), where apt brings the
# dependencies it names, the program runs and makes a ledger, every library
# GLFW opens at run time is there, so are the Chinese fonts, and dpkg -r
# removes it again, leaving the ledger.
# test.sh runs it as one step; it also runs alone (as root: debootstrap).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/setup.sh"
source "$here/package.sh"
set +e

setup_packages debootstrap file qemu-user || exit 1
setup_deb_build || exit 1
setup_go || exit 1

passed=0
failed=()
ok() {
	passed=$((passed + 1))
	printf '  通过：%s\n' "$*"
}
bad() {
	failed+=("$1")
	printf '  失败：%s\n' "$*"
}
# expect NAME FILE TEXT: FILE contains TEXT.
expect() {
	if grep -qF -- "$3" "$2"; then
		ok "$1"
	else
		bad "$1" "（没有“$3”）"
		sed 's/^/    | /' "$2" | head -20
	fi
}
timer() { printf '  （%s：%d 秒）\n' "$1" "$2"; }

work="$(mktemp -d)"
root="$work/chroot"
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT

for arch in amd64 arm64; do
	deb="$work/xiaoneng_${VERSION}_$arch.deb"
	printf '%s 版 .deb\n' "$arch"
	SECONDS=0
	if ! build_deb "$arch" "$deb"; then
		bad "编译并打包 $arch 版"
		continue
	fi
	timer "编译并打包" "$SECONDS"
	dpkg-deb --info "$deb" >"$work/info" 2>&1
	expect "$arch 版的架构" "$work/info" "Architecture: $arch"
	expect "$arch 版的版本" "$work/info" "Version: $VERSION"
	expect "$arch 版依赖中文字体" "$work/info" "fonts-wqy-microhei"
	expect "$arch 版依赖 OpenGL" "$work/info" "libgl1"
	dpkg-deb --contents "$deb" >"$work/contents" 2>&1
	for path in ./usr/bin/xiaoneng "./usr/share/applications/$APP_ID.desktop" \
		"./usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
		expect "$arch 版含 ${path#./}" "$work/contents" "$path"
	done
	rm -rf "$work/x"
	dpkg-deb -x "$deb" "$work/x"
	case "$arch" in
		amd64) want="x86-64" ;;
		arm64) want="ARM aarch64" ;;
	esac
	file -b "$work/x/usr/bin/xiaoneng" >"$work/file"
	expect "$arch 版程序是 $want 的 ELF" "$work/file" "$want"
	desktop-file-validate "$work/x/usr/share/applications/$APP_ID.desktop" >"$work/validate" 2>&1 &&
		ok "$arch 版桌面文件有效" || { bad "$arch 版桌面文件无效"; cat "$work/validate"; }
	# The cross-compiled program runs too: qemu-user, with the arm64
	# libraries installed for the build.
	if [ "$arch" = arm64 ] && [ "$(dpkg --print-architecture)" != arm64 ]; then
		qemu-aarch64 "$work/x/usr/bin/xiaoneng" workdays 2026-09-28 5 >"$work/qemu" 2>&1
		expect "arm64 版在 qemu 中计算工作日" "$work/qemu" "2026-10-10"
		qemu-aarch64 "$work/x/usr/bin/xiaoneng" -db "$work/arm64.db" init >"$work/qemu" 2>&1
		expect "arm64 版在 qemu 中新建台账" "$work/qemu" "已新建空台账："
	fi
done

# --- dpkg -i in a clean chroot -------------------------------------------------------
deb="$work/xiaoneng_${VERSION}_amd64.deb"
[ -s "$deb" ] || { printf '没有 amd64 版 .deb，跳过安装测试\n'; exit 1; }
printf '在干净的 Debian chroot 中安装\n'
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
# The mirror apt uses here, so that the chroot comes from the same place.
mirror="$(apt-get indextargets --format '$(REPO_URI) $(CODENAME) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null |
	awk -v c="$codename" '$2 == c && $3 == "main" { print $1; exit }')"
SECONDS=0
if ! debootstrap --variant=minbase "$codename" "$root" $mirror >"$work/debootstrap.log" 2>&1; then
	bad "debootstrap $codename"
	tail -20 "$work/debootstrap.log"
	exit 1
fi
timer "debootstrap" "$SECONDS"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# dpkg -i installs no dependencies: it leaves the package unconfigured and
# apt-get -f brings what it names, as on an office's machine.
in_root dpkg -i "/tmp/$(basename "$deb")" >"$work/dpkg.log" 2>&1
SECONDS=0
in_root apt-get -qq update >/dev/null 2>&1
if in_root apt-get -qq -f -y --no-install-recommends install >"$work/apt.log" 2>&1; then
	ok "dpkg -i 后 apt-get -f install 装好依赖"
else
	bad "apt-get -f install"
	tail -20 "$work/apt.log"
fi
timer "安装依赖" "$SECONDS"
in_root dpkg-query -W -f '${Status}' xiaoneng >"$work/status" 2>&1
expect "xiaoneng 已安装" "$work/status" "install ok installed"
in_root xiaoneng help >"$work/help" 2>&1
expect "xiaoneng help" "$work/help" "效能台账：机关效能建设办公室"
in_root xiaoneng workdays 2026-09-28 5 >"$work/workdays" 2>&1
expect "xiaoneng workdays 2026-09-28 5" "$work/workdays" "2026-10-10"
in_root xiaoneng init >"$work/init" 2>&1
expect "xiaoneng init" "$work/init" "已新建空台账：/root/.config/xiaoneng/台账.db"
in_root ldconfig -p >"$work/ldconfig"
for so in libGL.so.1 libX11.so.6 "${DEB_DLOPENED[@]}"; do
	expect "$so 已装" "$work/ldconfig" "$so "
done
# The fonts the dependencies bring, where the window's and the documents'
# font searches look first.
for font in truetype/wqy/wqy-microhei.ttc truetype/arphic-gbsn00lp/gbsn00lp.ttf truetype/arphic-gkai00mp/gkai00mp.ttf; do
	[ -s "$root/usr/share/fonts/$font" ] && ok "字体 $font 已装" || bad "没有字体 $font"
done
[ -f "$root/usr/share/icons/hicolor/512x512/apps/$APP_ID.png" ] && ok "图标已装" || bad "没有图标"
in_root dpkg -r xiaoneng >"$work/remove" 2>&1
[ ! -e "$root/usr/bin/xiaoneng" ] && ok "dpkg -r 删除了程序" || bad "dpkg -r 后仍有 /usr/bin/xiaoneng"
[ -s "$root/root/.config/xiaoneng/台账.db" ] && ok "dpkg -r 后台账仍在" || bad "dpkg -r 后台账不在了"

echo
printf '.deb 安装包：%d 项通过，%d 项失败\n' "$passed" "${#failed[@]}"
[ "${#failed[@]}" -eq 0 ]
