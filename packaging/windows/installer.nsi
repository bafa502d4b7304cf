; The Windows installer of 效能台账, built by scripts/release.sh with
; makensis from Debian's nsis package. DEFINES names a file the script
; writes with PRODUCT, VERSION, WIN_VERSION, PUBLISHER, COPYRIGHT, EXE, ICON
; and OUTFILE (the version comes from FyneApp.toml).
;
; It installs for every user of the machine, as an office's IT person does;
; each user's ledger stays where the program keeps it,
; %AppData%\xiaoneng\台账.db, which the uninstaller never touches.

Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!include "${DEFINES}"
!include "MUI2.nsh"
!include "x64.nsh"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\xiaoneng"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\xiaoneng"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${WIN_VERSION}"
VIFileVersion "${WIN_VERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${COPYRIGHT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} ${VERSION} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\xiaoneng.exe"
!define MUI_FINISHPAGE_RUN_TEXT "打开${PRODUCT}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台电脑上删除${PRODUCT}程序和它的快捷方式。各用户的台账（%AppData%\xiaoneng\台账.db）和备份保持原样，重新安装后可以继续使用。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
	${IfNot} ${RunningX64}
		MessageBox MB_ICONSTOP "${PRODUCT}需要 64 位的 Windows 10 或 11。" /SD IDOK
		Abort
	${EndIf}
FunctionEnd

Section
	SetShellVarContext all
	SetOutPath "$INSTDIR"
	File "/oname=xiaoneng.exe" "${EXE}"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\xiaoneng.exe" "" "$INSTDIR\xiaoneng.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"
	CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\xiaoneng.exe" "" "$INSTDIR\xiaoneng.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"

	WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\xiaoneng.exe,0"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
	WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
	SectionGetSize 0 $0
	WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; The uninstaller removes what the installer put down, by name: whatever
; else is in the folder (a Mesa opengl32.dll the office added, say) stays,
; and so does the folder with it.
Section "Uninstall"
	SetShellVarContext all
	Delete "$SMPROGRAMS\${PRODUCT}.lnk"
	Delete "$DESKTOP\${PRODUCT}.lnk"
	Delete "$INSTDIR\xiaoneng.exe"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
