package seal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// KDF is the cost of argon2id (RFC 9106) for a password or recovery code.
type KDF struct {
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF is the argon2id setting OWASP recommends first (19 MiB, two
// passes; its cheat sheet counts 46 MiB in one pass as no stronger), with
// two lanes for a desktop's two cores: about 40 ms on this project's
// machine (BenchmarkSignIn in data/store; the sign-in's budget is 300 ms).
// 46 MiB in one pass took 65–85 ms, two thirds of it the kernel faulting in
// fresh memory, at every sign-in and every command of the command line.
// The cost is stored with each hash: a password keeps the cost it was set
// with.
var DefaultKDF = KDF{Time: 2, MemoryKiB: 19 * 1024, Threads: 2}

// TestKDF is for ledgers that tests make, hundreds of times a run: cheap,
// and for nothing else. The cost is stored with each hash, so a ledger made
// with it stays weak.
var TestKDF = KDF{Time: 1, MemoryKiB: 64, Threads: 1}

// verifierSize is the part of argon2id's output stored to check a
// password; the rest is the key that password unlocks, never stored.
const verifierSize = 32

// PasswordHash is what a ledger keeps of a password: the cost, the salt
// and the verifier.
type PasswordHash struct {
	KDF
	Salt     []byte
	Verifier []byte
}

// NewPassword hashes a new password and returns, beside the hash, the key
// of keySize bytes that the password unlocks.
func NewPassword(k KDF, password string, keySize int) (PasswordHash, []byte, error) {
	h := PasswordHash{KDF: k, Salt: make([]byte, 16)}
	if _, err := rand.Read(h.Salt); err != nil {
		return PasswordHash{}, nil, fmt.Errorf("seal: random: %w", err)
	}
	var key []byte
	h.Verifier, key = h.derive(password, keySize)
	return h, key, nil
}

func (h PasswordHash) derive(password string, keySize int) (verifier, key []byte) {
	if h.MemoryKiB >= writtenHeapFrom && !heapWritten.Swap(true) {
		writtenHeap(h.MemoryKiB, h.Threads)
	}
	out := argon2.IDKey([]byte(norm.NFC.String(password)), h.Salt, h.Time, h.MemoryKiB, h.Threads, uint32(verifierSize+keySize))
	return out[:verifierSize], out[verifierSize:]
}

// writtenHeap leaves the heap a free stretch of at least kib KiB whose
// pages are already written, for argon2's blocks to be allocated there.
// argon2 (version 1.3) XORs into every block, even in its first pass, so
// fresh memory is read before it is written: the kernel maps each page to
// its shared zero page, then copies it at the write, and with two lanes on
// two cores every copy interrupts the other core to flush its TLB. That
// cost a sign-in at the default cost 58 ms of wall time and 112 ms of CPU
// alone, against 32 and 41 ms with the pages written first (a buffer
// touched a byte a page, dropped and collected: Go's allocator gives the
// next large allocation the pages just freed, and clears them by writing).
// The hash is the same; only the memory it is computed in was touched.
// It is done for a program's first hash only: later the memory of the
// last, collected, is most often at hand (the workbench signing in again
// after its idle lock: BenchmarkSignIn 12 ms, 16 ms with writtenHeap each
// time); and a small cost (the tests') is left alone: it faults little.
func writtenHeap(kib uint32, threads uint8) {
	b := make([]byte, (int(kib)+writtenHeapSlack)*1024)
	// the cores argon2 will use write their share at once (a fault
	// costs about 2 µs, 10 ms for the default cost on one)
	var wg sync.WaitGroup
	page, part := os.Getpagesize(), len(b)/int(threads)+1
	for p := 0; p < len(b); p += part {
		wg.Go(func() {
			for i := p; i < min(p+part, len(b)); i += page {
				b[i] = 1
			}
		})
	}
	wg.Wait()
	runtime.KeepAlive(b)
	runtime.GC()
}

// heapWritten is set by the program's first hash of writtenHeapFrom or more.
var heapWritten atomic.Bool

// writtenHeapFrom is the cost from which writtenHeap is worth a collection;
// writtenHeapSlack is what small allocations made between the collection
// and argon2's may take of the freed stretch.
const (
	writtenHeapFrom  = 4 * 1024
	writtenHeapSlack = 1024
)

// Check tells whether password is the one hashed and, when it is, returns
// the key it unlocks.
func (h PasswordHash) Check(password string, keySize int) ([]byte, bool) {
	if h.Time == 0 || h.MemoryKiB == 0 || h.Threads == 0 {
		return nil, false
	}
	verifier, key := h.derive(password, keySize)
	if subtle.ConstantTimeCompare(verifier, h.Verifier) != 1 {
		return nil, false
	}
	return key, true
}

var b64 = base64.RawStdEncoding

// String encodes the hash as argon2id$v=19$m=…,t=…,p=…$salt$verifier,
// the PHC string format.
func (h PasswordHash) String() string {
	return fmt.Sprintf("argon2id$v=%d$%s$%s$%s", argon2.Version, h.KDF.String(),
		b64.EncodeToString(h.Salt), b64.EncodeToString(h.Verifier))
}

// String is the cost as the PHC string format writes it: m=…,t=…,p=….
func (k KDF) String() string { return fmt.Sprintf("m=%d,t=%d,p=%d", k.MemoryKiB, k.Time, k.Threads) }

// ParsePasswordHash reads what String wrote.
func ParsePasswordHash(s string) (PasswordHash, error) {
	var h PasswordHash
	parts := strings.Split(s, "$")
	if len(parts) != 5 || parts[0] != "argon2id" || parts[1] != fmt.Sprintf("v=%d", argon2.Version) {
		return h, fmt.Errorf("seal: not an argon2id hash")
	}
	if _, err := fmt.Sscanf(parts[2], "m=%d,t=%d,p=%d", &h.MemoryKiB, &h.Time, &h.Threads); err != nil {
		return h, fmt.Errorf("seal: argon2id parameters %q: %w", parts[2], err)
	}
	var err error
	if h.Salt, err = b64.DecodeString(parts[3]); err != nil {
		return h, fmt.Errorf("seal: argon2id salt: %w", err)
	}
	if h.Verifier, err = b64.DecodeString(parts[4]); err != nil || len(h.Verifier) != verifierSize {
		return h, fmt.Errorf("seal: argon2id verifier")
	}
	return h, nil
}

// recoveryAlphabet is Crockford's base32: no I, L, O or U to misread.
const recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewRecoveryCode is a random code of 25 characters (125 bits) in five
// groups, to be written down: 7Q2MK-…
func NewRecoveryCode() (string, error) {
	b := make([]byte, 25)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("seal: random: %w", err)
	}
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(recoveryAlphabet[c&31])
	}
	return s.String(), nil
}

// NormalizeRecoveryCode is the code as typed made canonical: case, dashes
// and spaces ignored, and the letters Crockford reads as digits read so.
func NormalizeRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\u3000':
			return -1
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, s)
}
