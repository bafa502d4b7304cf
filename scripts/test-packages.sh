#!/usr/bin/env bash
# Tests the Linux packages: builds both .debs as release.sh does (in the
# Debian 11 build chroot), checks that neither program asks for a C library
# newer than 统信UOS V20's (GLIBC_2.28, readelf -V) nor Depends on one,
# that the arm64 program is an ARM aarch64 executable (file) that runs
# (qemu-user, on the build chroot's arm64 libraries), and that both
# packages hold what they should (dpkg-deb --info/--contents,
# desktop-file-validate), then installs the amd64 .deb with dpkg -i in a
# clean Debian 11 and a clean Debian of this machine's release
# (debootstrap --variant=minbase), where apt brings the dependencies it
# names, the program runs and makes a ledger, every library GLFW opens at
# run time is there, so are the Chinese fonts, and dpkg -r removes it
# again, leaving the ledger.
# test.sh runs it last (as root: debootstrap); it also runs alone.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/setup.sh"
source "$here/package.sh"
set +e

setup_packages debootstrap file qemu-user || exit 1
SECONDS=0
setup_deb_build || exit 1
printf '  （编译用的 %s chroot：%d 秒）\n' "$DEB_BUILD_SUITE" "$SECONDS"
setup_go || exit 1

source "$here/checks.sh"

work="$(mktemp -d)"
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT
native="$(dpkg --print-architecture)"

# The check below finds a program that asks for too new a C library: one
# built here, where the C library is newer than GLIBC_$DEB_GLIBC_MAX, does.
host_glibc="$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')"
if ! version_ok "$DEB_GLIBC_MAX" "$host_glibc"; then
	printf '#include <pthread.h>\nstatic void *run(void *a) { return a; }\nint main(void) { pthread_t t; return pthread_create(&t, 0, run, 0) || pthread_join(t, 0); }\n' >"$work/threads.c"
	if gcc -o "$work/threads" "$work/threads.c" -pthread; then
		glibc="$(glibc_check "$work/threads")" &&
			bad "glibc 检查没有发现本机（glibc $host_glibc）编译的程序：$glibc" ||
			ok "glibc 检查发现本机（glibc $host_glibc）编译的程序需要 $glibc"
	else
		bad "用本机的 gcc 编译检查 glibc 的小程序"
	fi
fi

for arch in "${DEB_ARCHES[@]}"; do
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
	# 统信UOS V20's libc6 is 2.28: the program and Depends ask no more.
	libc="$(sed -n 's/^ Depends:.*\blibc6 (>= \([^)]*\)).*/\1/p' "$work/info")"
	[ -n "$libc" ] && version_ok "$DEB_GLIBC_MAX" "$libc" &&
		ok "$arch 版依赖 libc6 (>= $libc)" || bad "$arch 版依赖的 libc6 不是 2.28 以下的版本：“$libc”"
	dpkg-deb --contents "$deb" >"$work/contents" 2>&1
	for path in ./usr/bin/xiaoneng "./usr/share/applications/$APP_ID.desktop" \
		"./usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
		expect "$arch 版含 ${path#./}" "$work/contents" "$path"
	done
	rm -rf "$work/x"
	dpkg-deb -x "$deb" "$work/x"
	glibc="$(glibc_check "$work/x/usr/bin/xiaoneng")" &&
		ok "$arch 版程序需要 $glibc，不超过 GLIBC_$DEB_GLIBC_MAX" || bad "$arch 版程序需要 $glibc"
	case "$arch" in
		amd64) want="x86-64" ;;
		arm64) want="ARM aarch64" ;;
	esac
	file -b "$work/x/usr/bin/xiaoneng" >"$work/file"
	expect "$arch 版程序是 $want 的 ELF" "$work/file" "$want"
	desktop-file-validate "$work/x/usr/share/applications/$APP_ID.desktop" >"$work/validate" 2>&1 &&
		ok "$arch 版桌面文件有效" || { bad "$arch 版桌面文件无效"; cat "$work/validate"; }
	# The cross-compiled program runs too: qemu-user, on the build
	# chroot's arm64 C library (2.31) and X and GL libraries.
	if [ "$arch" = arm64 ] && [ "$native" != arm64 ]; then
		qemu-aarch64 -L "$DEB_BUILD_ROOT" "$work/x/usr/bin/xiaoneng" workdays 2026-09-28 5 >"$work/qemu" 2>&1
		expect "arm64 版在 qemu 中计算工作日" "$work/qemu" "2026-10-10"
		qemu-aarch64 -L "$DEB_BUILD_ROOT" "$work/x/usr/bin/xiaoneng" -db "$work/arm64.db" init >"$work/qemu" 2>&1
		expect "arm64 版在 qemu 中新建台账" "$work/qemu" "已新建空台账："
	fi
done

# --- dpkg -i in clean chroots --------------------------------------------------------
# install_in SUITE installs the machine's .deb with dpkg -i in a clean
# minbase Debian SUITE (minbase_chroot), runs the program and removes it
# again.
install_in() {
	local suite="$1" root="$work/$1"
	printf '在干净的 Debian %s chroot 中安装 %s 版\n' "$suite" "$native"
	SECONDS=0
	if ! minbase_chroot "$suite" "$root"; then
		bad "debootstrap $suite"
		return
	fi
	timer "干净的 chroot" "$SECONDS"
	cp "$deb" "$root/tmp/"

	# dpkg -i installs no dependencies: it leaves the package unconfigured
	# and apt-get -f brings what it names, as on an office's machine.
	in_chroot "$root" dpkg -i "/tmp/$(basename "$deb")" >"$work/dpkg.log" 2>&1
	SECONDS=0
	in_chroot "$root" apt-get -qq update >/dev/null 2>&1
	if in_chroot "$root" apt-get -qq -f -y --no-install-recommends install >"$work/apt.log" 2>&1; then
		ok "$suite：dpkg -i 后 apt-get -f install 装好依赖"
	else
		bad "$suite：apt-get -f install"
		tail -20 "$work/apt.log"
	fi
	timer "安装依赖" "$SECONDS"
	in_chroot "$root" dpkg-query -W -f '${Status}' xiaoneng >"$work/status" 2>&1
	expect "$suite：xiaoneng 已安装" "$work/status" "install ok installed"
	in_chroot "$root" xiaoneng help >"$work/help" 2>&1
	expect "$suite：xiaoneng help" "$work/help" "效能台账：机关效能建设办公室"
	in_chroot "$root" xiaoneng workdays 2026-09-28 5 >"$work/workdays" 2>&1
	expect "$suite：xiaoneng workdays 2026-09-28 5" "$work/workdays" "2026-10-10"
	in_chroot "$root" xiaoneng init >"$work/init" 2>&1
	expect "$suite：xiaoneng init" "$work/init" "已新建空台账：/root/.config/xiaoneng/台账.db"
	in_chroot "$root" ldconfig -p >"$work/ldconfig"
	local so font
	for so in libGL.so.1 libX11.so.6 "${DEB_DLOPENED[@]}"; do
		expect "$suite：$so 已装" "$work/ldconfig" "$so "
	done
	# The fonts the dependencies bring, where the window's and the
	# documents' font searches look first.
	for font in truetype/wqy/wqy-microhei.ttc truetype/arphic-gbsn00lp/gbsn00lp.ttf truetype/arphic-gkai00mp/gkai00mp.ttf; do
		[ -s "$root/usr/share/fonts/$font" ] && ok "$suite：字体 $font 已装" || bad "$suite：没有字体 $font"
	done
	[ -f "$root/usr/share/icons/hicolor/512x512/apps/$APP_ID.png" ] && ok "$suite：图标已装" || bad "$suite：没有图标"
	in_chroot "$root" dpkg -r xiaoneng >"$work/remove" 2>&1
	[ ! -e "$root/usr/bin/xiaoneng" ] && ok "$suite：dpkg -r 删除了程序" || bad "$suite：dpkg -r 后仍有 /usr/bin/xiaoneng"
	[ -s "$root/root/.config/xiaoneng/台账.db" ] && ok "$suite：dpkg -r 后台账仍在" || bad "$suite：dpkg -r 后台账不在了"
	rm -rf --one-file-system "$root"
}

deb="$work/xiaoneng_${VERSION}_$native.deb"
[ -s "$deb" ] || { printf '没有 %s 版 .deb，跳过安装测试\n' "$native"; exit 1; }
# The release the packages are built on (C library 2.31, as 银河麒麟 V10's)
# and this machine's.
install_in "$DEB_BUILD_SUITE"
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -z "$codename" ] || [ "$codename" = "$DEB_BUILD_SUITE" ] || install_in "$codename"

summary ".deb 安装包"
