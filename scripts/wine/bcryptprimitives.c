/*
 * bcryptprimitives.dll for Debian's Wine 8, which lacks it: Go programs
 * (1.22 on) draw their random numbers from its ProcessPrng, which Windows
 * 10 and 11 have. Test use only: scripts/test-windows.sh builds it with
 * mingw-w64 into the test's Wine prefix.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
