/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Tern under
 * Wine 8 in the smoke test only: Go's runtime asks for ProcessPrng, which
 * Wine 8 lacks. It fills the buffer from RtlGenRandom (advapi32's
 * SystemFunction036). Never shipped to users.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}
