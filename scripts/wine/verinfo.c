/*
 * verinfo prints, as UTF-8, what Windows shows in a program's properties:
 * the version strings of its first translation, and how many icons it has.
 * Test use only: scripts/test-windows.sh runs it under Wine on the built
 * program and installer.
 */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>

static void print_utf8(const wchar_t *w)
{
	char buf[1024];
	if (WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof buf, NULL, NULL) > 0)
		fputs(buf, stdout);
}

int wmain(int argc, wchar_t **argv)
{
	static const wchar_t *keys[] = {
		L"CompanyName", L"FileDescription", L"FileVersion", L"LegalCopyright",
		L"ProductName", L"ProductVersion",
	};
	struct { WORD lang, codepage; } *tr;
	DWORD handle, size;
	UINT len;
	void *info;
	size_t i;

	if (argc != 2) {
		fputs("usage: verinfo FILE.exe\n", stderr);
		return 2;
	}
	size = GetFileVersionInfoSizeW(argv[1], &handle);
	if (size == 0 || !(info = malloc(size)) || !GetFileVersionInfoW(argv[1], 0, size, info)) {
		fputs("no version information\n", stderr);
		return 1;
	}
	if (!VerQueryValueW(info, L"\\VarFileInfo\\Translation", (void **)&tr, &len) || len < sizeof *tr) {
		fputs("no translation\n", stderr);
		return 1;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		wchar_t path[128];
		wchar_t *value;
		swprintf(path, 128, L"\\StringFileInfo\\%04x%04x\\%ls", tr->lang, tr->codepage, keys[i]);
		if (VerQueryValueW(info, path, (void **)&value, &len) && len > 0) {
			print_utf8(keys[i]);
			fputs("=", stdout);
			print_utf8(value);
			fputs("\n", stdout);
		}
	}
	printf("Icons=%u\n", ExtractIconExW(argv[1], -1, NULL, NULL, 0));
	return 0;
}
