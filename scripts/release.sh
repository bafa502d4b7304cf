#!/usr/bin/env bash
# Builds, in dist/, what a county's IT person installs (README, 安装):
#   xiaoneng-VERSION-windows-amd64-setup.exe   the Windows installer
#   xiaoneng-VERSION-windows-amd64.zip         the same program, unpacked by hand
#   xiaoneng_VERSION_amd64.deb                 统信UOS/银河麒麟/Debian on x86-64
#   xiaoneng_VERSION_arm64.deb                 the same on ARM64 (鲲鹏, 飞腾)
#   SHA256SUMS
# VERSION is FyneApp.toml's. Installs what is missing first, as test.sh does,
# and runs as root (the .debs are built in a Debian 11 chroot, package.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/package.sh"

dist="$REPO_DIR/dist"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

setup_packages
setup_windows_build
setup_deb_build
setup_go

rm -rf "$dist"
mkdir -p "$dist"

say "编译 Windows 版（mingw-w64 交叉编译）"
build_windows_exe "$work/xiaoneng.exe"
say "制作 Windows 安装程序（NSIS）和 zip"
build_installer "$work/xiaoneng.exe" "$dist/xiaoneng-$VERSION-windows-amd64-setup.exe"
build_zip "$work/xiaoneng.exe" "$dist/xiaoneng-$VERSION-windows-amd64.zip"
for arch in "${DEB_ARCHES[@]}"; do
	say "编译并打包 $arch 版 .deb"
	build_deb "$arch" "$dist/xiaoneng_${VERSION}_${arch}.deb"
	# A package that asks for a newer C library would not install on
	# 统信UOS V20: none leaves here.
	glibc="$(deb_glibc_check "$dist/xiaoneng_${VERSION}_${arch}.deb")" || die "$arch 版需要的 glibc 太新：$glibc"
	say "$arch 版需要 $glibc"
done
(cd "$dist" && sha256sum -- *.exe *.zip *.deb >SHA256SUMS)
say "完成：$dist"
ls -l "$dist"
