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
DEB_PACKAGES=(debootstrap imagemagick desktop-file-utils binutils)

# The Linux programs are built in a Debian 11 (bullseye) chroot, with its
# gcc and libraries: its C library is 2.31 and the program asks for no
# symbol newer than DEB_GLIBC_MAX, the C library of 统信UOS V20 (Kylin V10
# has 2.31). Built against Debian 12's, the program asked for 2.34 and
# installed on neither. The chroot is kept in DEB_BUILD_CACHE, one per
# package list, and made again only when the list changes.
DEB_BUILD_SUITE=bullseye
DEB_GLIBC_MAX=2.28
DEB_BUILD_CACHE="${XIAONENG_BUILD_CACHE:-/var/cache/xiaoneng}"
# The libraries Fyne's cgo build links (GLFW on X11, OpenGL), for each
# architecture; the one that is not the machine's is cross-compiled with
# Debian's gcc-TRIPLET and multiarch libraries.
DEB_ARCHES=(amd64 arm64)
DEB_BUILD_LIBS=(libc6-dev libgl-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libxext-dev)

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

# gnu_triplet ARCH prints the GNU triplet of a Debian architecture: the
# multiarch folder and the cross compiler's prefix.
gnu_triplet() {
	case "$1" in
		amd64) echo x86_64-linux-gnu ;;
		arm64) echo aarch64-linux-gnu ;;
		*)
			say "不支持的架构：$1"
			return 1
			;;
	esac
}

# deb_build_packages prints the packages of the build chroot: gcc, dpkg-dev
# (dpkg-shlibdeps) and the libraries for the machine's architecture, and
# the cross compiler and multiarch libraries for each other one.
deb_build_packages() {
	local native arch triplet lib
	native="$(dpkg --print-architecture)"
	printf '%s\n' gcc pkg-config dpkg-dev "${DEB_BUILD_LIBS[@]}"
	for arch in "${DEB_ARCHES[@]}"; do
		[ "$arch" != "$native" ] || continue
		triplet="$(gnu_triplet "$arch")" || return
		printf 'gcc-%s\n' "${triplet//_/-}"
		for lib in "${DEB_BUILD_LIBS[@]}"; do
			printf '%s:%s\n' "$lib" "$arch"
		done
	done
}

# debian_mirror prints the Debian mirror apt uses here (the main component
# of this machine's release), where debootstrap gets its chroots from;
# XIAONENG_DEBIAN_MIRROR names another.
debian_mirror() {
	local codename mirror
	if [ -n "${XIAONENG_DEBIAN_MIRROR:-}" ]; then
		echo "$XIAONENG_DEBIAN_MIRROR"
		return
	fi
	codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
	mirror="$(apt-get indextargets --format '$(REPO_URI) $(CODENAME) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null |
		awk -v c="$codename" '$2 == c && $3 == "main" { print $1; exit }')"
	if [ -z "$mirror" ]; then
		say "apt 的软件源中没有 Debian 镜像：请把环境变量 XIAONENG_DEBIAN_MIRROR 设为 Debian 镜像的地址"
		return 1
	fi
	echo "$mirror"
}

# in_chroot ROOT CMD... runs CMD in ROOT with a clean environment.
in_chroot() {
	local root="$1"
	shift
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# minbase_chroot SUITE DIR makes DIR a clean Debian SUITE: a copy of the
# debootstrap --variant=minbase made once, from the mirror apt uses here,
# and kept in DEB_BUILD_CACHE.
minbase_chroot() {
	local suite="$1" dir="$2" base="$DEB_BUILD_CACHE/minbase-$1" mirror new
	if [ ! -d "$base" ]; then
		mirror="$(debian_mirror)" || return
		mkdir -p "$DEB_BUILD_CACHE" || return
		new="$(mktemp -d "$DEB_BUILD_CACHE/.new.XXXXXX")" || return
		say "debootstrap --variant=minbase $suite"
		if ! debootstrap --variant=minbase "$suite" "$new" "$mirror" >"$new.log" 2>&1; then
			tail -20 "$new.log" >&2
			rm -rf --one-file-system "$new" "$new.log"
			say "debootstrap $suite 失败"
			return 1
		fi
		rm -f "$new.log"
		# Another run may have made the same chroot meanwhile: keep that one.
		mv -T "$new" "$base" 2>/dev/null || rm -rf --one-file-system "$new"
	fi
	mkdir -p "$dir" && cp -a "$base/." "$dir/" && cp /etc/resolv.conf "$dir/etc/resolv.conf"
}

# setup_deb_build installs what the .deb packages need here and sets
# DEB_BUILD_ROOT, the bullseye chroot they are built in, making it first if
# it is not there: minbase_chroot, then deb_build_packages.
setup_deb_build() {
	local packages key new arch
	[ "$(id -u)" -eq 0 ] || die "生成 .deb 要在 chroot 中编译（debootstrap、chroot），需要 root 权限：请用 sudo 运行"
	setup_packages "${DEB_PACKAGES[@]}" || return
	packages=($(deb_build_packages)) || return
	key="$(printf '%s\n' "$DEB_BUILD_SUITE" "${packages[@]}" | sha256sum | cut -c1-12)"
	DEB_BUILD_ROOT="$DEB_BUILD_CACHE/$DEB_BUILD_SUITE-$key"
	[ -d "$DEB_BUILD_ROOT" ] && return 0

	mkdir -p "$DEB_BUILD_CACHE" || return
	new="$(mktemp -d "$DEB_BUILD_CACHE/.new.XXXXXX")" || return
	say "建立编译用的 Debian $DEB_BUILD_SUITE chroot：$DEB_BUILD_ROOT"
	if ! minbase_chroot "$DEB_BUILD_SUITE" "$new"; then
		rm -rf --one-file-system "$new"
		return 1
	fi
	for arch in "${DEB_ARCHES[@]}"; do
		[ "$arch" = "$(dpkg --print-architecture)" ] || in_chroot "$new" dpkg --add-architecture "$arch"
	done
	if ! in_chroot "$new" apt-get -qq update >"$new.log" 2>&1 ||
		! in_chroot "$new" apt-get -y -qq --no-install-recommends install "${packages[@]}" >>"$new.log" 2>&1; then
		tail -20 "$new.log" >&2
		rm -rf --one-file-system "$new" "$new.log"
		say "在 $DEB_BUILD_SUITE chroot 中安装编译所需的软件包失败"
		return 1
	fi
	in_chroot "$new" apt-get clean
	rm -f "$new.log"
	# Another run may have made the same chroot meanwhile: keep that one.
	mv -T "$new" "$DEB_BUILD_ROOT" 2>/dev/null || rm -rf --one-file-system "$new"
}

# in_build_root CMD... runs CMD in the build chroot, in the repository,
# with the Go toolchain, its module and build caches and the repository
# bound in at the same paths (read-only but for the build cache). The
# mounts live in a mount namespace of their own and end with CMD.
in_build_root() {
	local goroot gocache gomodcache
	goroot="$(go env GOROOT)" && gocache="$(go env GOCACHE)" && gomodcache="$(go env GOMODCACHE)" || return
	# A machine's first build makes the build cache.
	mkdir -p "$gocache" || return
	unshare --mount --propagation private bash -ec '
		root="$1" goroot="$2" gocache="$3" gomodcache="$4" repo="$5"
		shift 5
		mount -t proc proc "$root/proc"
		for dir in "$goroot" "$gocache" "$gomodcache" "$repo"; do
			mkdir -p "$root$dir"
			mount --bind "$dir" "$root$dir"
		done
		for dir in "$goroot" "$gomodcache" "$repo"; do
			mount -o remount,bind,ro "$root$dir"
		done
		exec chroot "$root" env -i -C "$repo" PATH="$goroot/bin:/usr/bin:/bin" HOME=/root LANG=C.UTF-8 \
			GOROOT="$goroot" GOCACHE="$gocache" GOMODCACHE="$gomodcache" \
			GOTOOLCHAIN=local GOTELEMETRY=off GOFLAGS=-mod=readonly GOPROXY=off "$@"
	' bash "$DEB_BUILD_ROOT" "$goroot" "$gocache" "$gomodcache" "$REPO_DIR" "$@"
}

# glibc_check FILE prints the newest C library version that the program
# FILE asks for (GLIBC_2.27) and, where that is newer than DEB_GLIBC_MAX,
# the symbols that ask for it, and fails then.
glibc_check() {
	local need syms
	need="$(readelf -V -W "$1" | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/^Name: GLIBC_//' | sort -V | tail -n1)"
	[ -n "$need" ] || { echo "（不需要 glibc）"; return 0; }
	if [ "$(printf '%s\n%s\n' "$need" "$DEB_GLIBC_MAX" | sort -V | tail -n1)" = "$DEB_GLIBC_MAX" ]; then
		echo "GLIBC_$need"
		return 0
	fi
	syms="$(readelf --dyn-syms -W "$1" | grep -o "[^ ]*@GLIBC_$need\b" | sed 's/@.*//' | sort -u | paste -sd ' ')"
	echo "GLIBC_$need（$syms），超过 GLIBC_$DEB_GLIBC_MAX"
	return 1
}

# deb_glibc_check DEB: glibc_check of the program in the package DEB.
deb_glibc_check() {
	local bin status
	bin="$(mktemp)"
	if ! dpkg-deb --fsys-tarfile "$1" | tar -xO ./usr/bin/xiaoneng >"$bin"; then
		rm -f "$bin"
		echo "$1 中没有 usr/bin/xiaoneng"
		return 1
	fi
	glibc_check "$bin"
	status=$?
	rm -f "$bin"
	return "$status"
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

# build_linux_binary ARCH OUT builds the Linux program for amd64 or arm64
# in the build chroot, cross-compiling with its gcc-TRIPLET and multiarch
# libraries for the architecture that is not the machine's. OUT is a path
# inside DEB_BUILD_ROOT.
build_linux_binary() {
	local arch="$1" out="${2#"$DEB_BUILD_ROOT"}" triplet cross=()
	if [ "$arch" != "$(dpkg --print-architecture)" ]; then
		triplet="$(gnu_triplet "$arch")" || return
		cross=(CC="$triplet-gcc" PKG_CONFIG_LIBDIR="/usr/lib/$triplet/pkgconfig:/usr/share/pkgconfig")
	fi
	in_build_root env "${cross[@]}" CGO_ENABLED=1 GOOS=linux GOARCH="$arch" \
		go build -trimpath -tags "$(go_tags "$arch")" -ldflags "-s -w" -o "$out" .
}

# deb_depends BINARY ARCH prints the Depends field: the shared libraries
# BINARY links, as the build chroot's dpkg-shlibdeps maps them to packages
# and their versions, and DEB_EXTRA. BINARY is a path inside DEB_BUILD_ROOT.
deb_depends() {
	local bin="${1#"$DEB_BUILD_ROOT"}" arch="$2" dir libs
	dir="$(mktemp -d "$DEB_BUILD_ROOT/tmp/shlibdeps.XXXXXX")" || return
	mkdir "$dir/debian"
	printf 'Source: xiaoneng\n\nPackage: xiaoneng\nArchitecture: %s\n' "$arch" >"$dir/debian/control"
	libs="$(in_build_root sh -c 'cd "$1" && DEB_HOST_ARCH="$2" dpkg-shlibdeps -O "$3"' sh \
		"${dir#"$DEB_BUILD_ROOT"}" "$arch" "$bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
	rm -rf "$dir"
	[ -n "$libs" ] || return 1
	printf '%s, %s\n' "$libs" "$DEB_EXTRA"
}

# build_deb ARCH OUT makes the .deb for ARCH: the program, its desktop entry
# and icon, depending on its libraries and fonts.
build_deb() {
	local arch="$1" out="$2" root depends size status
	root="$(mktemp -d "$DEB_BUILD_ROOT/tmp/deb.XXXXXX")" || return
	chmod 755 "$root"
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
