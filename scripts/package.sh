#!/usr/bin/env bash
# Builds what a county's IT person installs, for release.sh and the tests:
# the Windows program (cross-compiled with mingw-w64) with its icon, version
# and publisher, its NSIS installer and zip, and the .deb packages for amd64
# and arm64 (the arm64 one cross-compiled with Debian's gcc-aarch64-linux-gnu
# and arm64 multiarch libraries).
#
# Sourced after setup.sh (REPO_DIR, say, die, as_root, setup_packages).

# The publisher, as the installer, the .exe's properties, Windows' list of
# programs and the .deb name it.
PUBLISHER="效能台账项目组"
COPYRIGHT="© 2026 ${PUBLISHER}"
MAINTAINER="${PUBLISHER} <xiaoneng@localhost>"

# fyne_field reads a field of FyneApp.toml's [Details]: the name, ID and
# version live there, once.
fyne_field() {
	awk -v key="$1" '
		/^\[/ { section = $0; next }
		section == "[Details]" && $1 == key {
			sub(/^[^=]*=[ \t]*/, ""); gsub(/"/, ""); print; exit
		}' "$REPO_DIR/FyneApp.toml"
}
PRODUCT="$(fyne_field Name)"
APP_ID="$(fyne_field ID)"
VERSION="$(fyne_field Version)"
BUILD="$(fyne_field Build)"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "FyneApp.toml 的 Version 应写作 x.y.z：“$VERSION”"
[[ "$BUILD" =~ ^[0-9]+$ ]] || die "FyneApp.toml 的 Build 应为整数：“$BUILD”"
# Windows versions have four parts.
WIN_VERSION="$VERSION.$BUILD"

WINDOWS_PACKAGES=(gcc-mingw-w64-x86-64 imagemagick nsis zip)
DEB_PACKAGES=(dpkg-dev imagemagick desktop-file-utils)
# The libraries Fyne's cgo build links (GLFW on X11, OpenGL), for arm64.
ARM64_PACKAGES=(gcc-aarch64-linux-gnu libc6-dev:arm64 libgl-dev:arm64 libx11-dev:arm64 libxcursor-dev:arm64
	libxrandr-dev:arm64 libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64 libxext-dev:arm64)

# What the .deb depends on beyond the libraries the program links (which
# dpkg-shlibdeps finds): the X libraries GLFW opens at run time with dlopen
# (DLOPENED lists their sonames, which the package test looks for), a font
# that draws the window, and the free stand-ins the printed documents need
# where no Windows fonts were copied.
DEB_DLOPENED=(libX11-xcb.so.1 libXcursor.so.1 libXi.so.6 libXinerama.so.1 libXrandr.so.2 libXrender.so.1 libXxf86vm.so.1)
DEB_EXTRA="libx11-xcb1, libxcursor1, libxi6, libxinerama1, libxrandr2, libxrender1, libxxf86vm1"
DEB_EXTRA+=", fonts-wqy-microhei | fonts-wqy-zenhei | fonts-noto-cjk"
DEB_EXTRA+=", fonts-arphic-gbsn00lp | fonts-arphic-uming, fonts-arphic-gkai00mp | fonts-arphic-ukai"

# setup_windows_build installs the cross compiler and packaging tools.
setup_windows_build() {
	setup_packages "${WINDOWS_PACKAGES[@]}"
}

# setup_deb_build installs what the .deb packages need; for arm64 it enables
# Debian's arm64 architecture for the cross-compiled build's libraries.
setup_deb_build() {
	setup_packages "${DEB_PACKAGES[@]}" || return
	if [ "$(dpkg --print-architecture)" != arm64 ]; then
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			say "启用 arm64 多架构（交叉编译 arm64 版所需的库）"
			as_root dpkg --add-architecture arm64 || return
			apt_updated=0
		fi
		setup_packages "${ARM64_PACKAGES[@]}"
	fi
}

# windows_icon OUT writes the application icon at the sizes Explorer, the
# Start menu and the taskbar ask for.
windows_icon() {
	convert "$REPO_DIR/assets/icon.png" -define icon:auto-resize=256,64,48,40,32,24,20,16 "$1"
}

# windows_resources OUT compiles the .exe's resources (icon, manifest,
# version and publisher) into a .syso object that go build links. The
# compiler is binutils' windres, part of the mingw-w64 toolchain the build
# needs anyway: no tool from outside Debian, nothing built from fetched code.
windows_resources() {
	local out="$1" dir status
	dir="$(mktemp -d)"
	windows_icon "$dir/icon.ico" || { rm -rf "$dir"; return 1; }
	cp "$REPO_DIR/packaging/windows/xiaoneng.exe.manifest" "$dir/"
	# GLFW_ICON is the name GLFW's window class loads its icon by.
	cat >"$dir/xiaoneng.rc" <<-EOF
		#pragma code_page(65001)
		GLFW_ICON ICON "icon.ico"
		1 24 "xiaoneng.exe.manifest"
		1 VERSIONINFO
		FILEVERSION ${WIN_VERSION//./,}
		PRODUCTVERSION ${WIN_VERSION//./,}
		FILEFLAGSMASK 0x3f
		FILEFLAGS 0x0
		FILEOS 0x40004
		FILETYPE 0x1
		FILESUBTYPE 0x0
		BEGIN
		  BLOCK "StringFileInfo"
		  BEGIN
		    BLOCK "080404B0"
		    BEGIN
		      VALUE "CompanyName", "$PUBLISHER"
		      VALUE "FileDescription", "$PRODUCT"
		      VALUE "FileVersion", "$WIN_VERSION"
		      VALUE "InternalName", "xiaoneng"
		      VALUE "LegalCopyright", "$COPYRIGHT"
		      VALUE "OriginalFilename", "xiaoneng.exe"
		      VALUE "ProductName", "$PRODUCT"
		      VALUE "ProductVersion", "$VERSION"
		    END
		  END
		  BLOCK "VarFileInfo"
		  BEGIN
		    VALUE "Translation", 0x0804, 1200
		  END
		END
	EOF
	(cd "$dir" && x86_64-w64-mingw32-windres -c 65001 -O coff -i xiaoneng.rc -o "$out")
	status=$?
	rm -rf "$dir"
	return "$status"
}

# build_windows_exe OUT cross-compiles the Windows program: cgo through
# mingw-w64, the GUI subsystem (no console window behind the workbench; the
# command line attaches to the console it was typed in), and the resources.
build_windows_exe() {
	local out="$1" status
	# go build links the .syso files of the package's folder; the name is
	# in .gitignore and the file lives only for the build.
	local syso="$REPO_DIR/xiaoneng_windows_amd64.syso"
	windows_resources "$syso" || return 1
	(cd "$REPO_DIR" && CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		go build -trimpath -ldflags "-s -w -H windowsgui" -o "$out" .)
	status=$?
	rm -f "$syso"
	return "$status"
}

# build_installer EXE OUT makes the NSIS installer of EXE.
build_installer() {
	local exe="$1" out="$2" dir status
	dir="$(mktemp -d)"
	windows_icon "$dir/icon.ico" || { rm -rf "$dir"; return 1; }
	# makensis reads the defines as UTF-8 by their byte-order mark.
	{
		printf '\xEF\xBB\xBF'
		printf '!define %s "%s"\n' PRODUCT "$PRODUCT" VERSION "$VERSION" WIN_VERSION "$WIN_VERSION" \
			PUBLISHER "$PUBLISHER" COPYRIGHT "$COPYRIGHT" EXE "$exe" ICON "$dir/icon.ico" OUTFILE "$out"
	} >"$dir/defines.nsh"
	makensis -V2 -INPUTCHARSET UTF8 "-DDEFINES=$dir/defines.nsh" "$REPO_DIR/packaging/windows/installer.nsi"
	status=$?
	rm -rf "$dir"
	return "$status"
}

# build_zip EXE OUT packs EXE, for offices that cannot run installers.
build_zip() {
	local exe="$1" out="$2" dir status
	dir="$(mktemp -d)"
	cp "$exe" "$dir/xiaoneng.exe"
	rm -f "$out"
	(cd "$dir" && zip -q -X "$out" xiaoneng.exe)
	status=$?
	rm -rf "$dir"
	return "$status"
}

# build_linux_binary ARCH OUT builds the Linux program for amd64 or arm64,
# cross-compiling with gcc-aarch64-linux-gnu and the arm64 multiarch
# libraries when the machine is not arm64 itself.
build_linux_binary() {
	local arch="$1" out="$2" cross=()
	if [ "$arch" != "$(dpkg --print-architecture)" ]; then
		case "$arch" in
			arm64) cross=(CC=aarch64-linux-gnu-gcc PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig) ;;
			amd64) cross=(CC=x86_64-linux-gnu-gcc PKG_CONFIG_LIBDIR=/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/share/pkgconfig) ;;
			*) die "不支持的架构：$arch" ;;
		esac
	fi
	(cd "$REPO_DIR" && env "${cross[@]}" CGO_ENABLED=1 GOOS=linux GOARCH="$arch" \
		go build -trimpath -ldflags "-s -w" -o "$out" .)
}

# deb_depends BINARY ARCH prints the Depends field: the shared libraries
# BINARY links, as dpkg-shlibdeps maps them to packages, and DEB_EXTRA.
deb_depends() {
	local bin="$1" arch="$2" dir libs
	dir="$(mktemp -d)"
	mkdir "$dir/debian"
	printf 'Source: xiaoneng\n\nPackage: xiaoneng\nArchitecture: %s\n' "$arch" >"$dir/debian/control"
	libs="$(cd "$dir" && DEB_HOST_ARCH="$arch" dpkg-shlibdeps -O "$bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
	rm -rf "$dir"
	[ -n "$libs" ] || return 1
	printf '%s, %s\n' "$libs" "$DEB_EXTRA"
}

# build_deb ARCH OUT makes the .deb for ARCH: the program, its desktop entry
# and icon, depending on its libraries and fonts.
build_deb() {
	local arch="$1" out="$2" root depends size status
	root="$(mktemp -d)"
	install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications"
	if ! build_linux_binary "$arch" "$root/usr/bin/xiaoneng"; then
		rm -rf "$root"
		return 1
	fi
	install -m 644 "$REPO_DIR/packaging/linux/xiaoneng.desktop" "$root/usr/share/applications/$APP_ID.desktop"
	for size in 16 24 32 48 64 128 256 512; do
		install -d "$root/usr/share/icons/hicolor/${size}x${size}/apps"
		convert "$REPO_DIR/assets/icon.png" -resize "${size}x${size}" \
			"$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" || { rm -rf "$root"; return 1; }
	done
	if ! depends="$(deb_depends "$root/usr/bin/xiaoneng" "$arch")"; then
		say "dpkg-shlibdeps 未能列出 $arch 版依赖的库"
		rm -rf "$root"
		return 1
	fi
	size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
	cat >"$root/DEBIAN/control" <<-EOF
		Package: xiaoneng
		Version: $VERSION
		Architecture: $arch
		Maintainer: $MAINTAINER
		Installed-Size: $size
		Depends: $depends
		Section: misc
		Priority: optional
		Description: $PRODUCT — 机关效能建设办公室的台账
		 县（区）效能办的桌面程序：单位台账、督查活动与检查记录、效能投诉件的
		 受理交办催办反馈答复回访、责任追究，以及按 GB/T 9704-2012 排版的公文。
		 台账保存在 ~/.config/xiaoneng/台账.db。
	EOF
	dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
	status=$?
	rm -rf "$root"
	return "$status"
}
