package seal

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

var suites = []Suite{SM{}, Std{}}

func TestSealOpen(t *testing.T) {
	for _, s := range suites {
		t.Run(s.Name(), func(t *testing.T) {
			pub, priv, err := s.NewKeyPair()
			if err != nil {
				t.Fatal(err)
			}
			msg := []byte("张三丰 13812345678")
			box, err := s.Seal(pub, msg)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(box, msg[:6]) {
				t.Error("the sealed box shows the message")
			}
			got, err := s.Open(priv, box)
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("Open = %q, %v", got, err)
			}
			// another key pair, or a changed byte, does not open it
			_, other, err := s.NewKeyPair()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Open(other, box); !errors.Is(err, ErrOpen) {
				t.Errorf("another key: err = %v", err)
			}
			box[len(box)-1] ^= 1
			if _, err := s.Open(priv, box); !errors.Is(err, ErrOpen) {
				t.Errorf("changed box: err = %v", err)
			}
		})
	}
}

func TestEncryptBindsData(t *testing.T) {
	for _, s := range suites {
		key, err := RandomKey(s)
		if err != nil {
			t.Fatal(err)
		}
		box, err := Encrypt(s, key, []byte("李四"), []byte("record-1"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Decrypt(s, key, box, []byte("record-1")); err != nil || string(got) != "李四" {
			t.Errorf("%s: Decrypt = %q, %v", s.Name(), got, err)
		}
		// moved to another record, it does not open
		if _, err := Decrypt(s, key, box, []byte("record-2")); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: other record: err = %v", s.Name(), err)
		}
		if _, err := Decrypt(s, key, box[:5], nil); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: short box: err = %v", s.Name(), err)
		}
	}
}

func TestHashes(t *testing.T) {
	// SM3 of "abc" (GB/T 32905-2016, appendix A.1)
	if got := Sum(SM{}, []byte("a"), []byte("bc")); !bytes.Equal(got, hexBytes(t, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")) {
		t.Errorf("SM3(abc) = %x", got)
	}
	if got := Sum(Std{}, []byte("abc")); !bytes.Equal(got, hexBytes(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) {
		t.Errorf("SHA-256(abc) = %x", got)
	}
	for _, s := range suites {
		if bytes.Equal(Keyed(s, []byte("k1"), []byte("m")), Keyed(s, []byte("k2"), []byte("m"))) {
			t.Errorf("%s: MAC ignores its key", s.Name())
		}
	}
}

func hexBytes(t *testing.T, s string) []byte {
	t.Helper()
	b := make([]byte, len(s)/2)
	for i := range b {
		var v byte
		for _, c := range s[2*i : 2*i+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= byte(c - '0')
			default:
				v |= byte(c-'a') + 10
			}
		}
		b[i] = v
	}
	return b
}

func TestPassword(t *testing.T) {
	h, key, err := NewPassword(TestKDF, "xiaoneng2026", 16)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParsePasswordHash(h.String())
	if err != nil {
		t.Fatal(err)
	}
	got, ok := parsed.Check("xiaoneng2026", 16)
	if !ok || !bytes.Equal(got, key) {
		t.Fatalf("Check = %x, %v; want %x", got, ok, key)
	}
	if _, ok := parsed.Check("xiaoneng2027", 16); ok {
		t.Error("a wrong password passes")
	}
	if bytes.Contains([]byte(h.String()), key) || strings.Contains(h.String(), "xiaoneng2026") {
		t.Error("the stored hash shows the key or the password")
	}
	if _, err := ParsePasswordHash("bcrypt$2a$10$abc"); err == nil {
		t.Error("a foreign hash parses")
	}
}

func TestRecoveryCode(t *testing.T) {
	code, err := NewRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 29 || strings.Count(code, "-") != 4 {
		t.Fatalf("code %q", code)
	}
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	if NormalizeRecoveryCode(typed) != strings.ReplaceAll(code, "-", "") {
		t.Errorf("typed %q normalises to %q", typed, NormalizeRecoveryCode(typed))
	}
	if NormalizeRecoveryCode("o0-il") != "0011" {
		t.Errorf("misread letters: %q", NormalizeRecoveryCode("o0-il"))
	}
}

// BenchmarkPassword is one sign-in's key derivation at the default cost;
// its target is the sign-in's: under 300 ms.
func BenchmarkPassword(b *testing.B) {
	h, _, err := NewPassword(DefaultKDF, "xiaoneng2026", 16)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := h.Check("xiaoneng2026", 16); !ok {
			b.Fatal("check failed")
		}
	}
}

func BenchmarkSealOpen(b *testing.B) {
	for _, s := range suites {
		pub, priv, err := s.NewKeyPair()
		if err != nil {
			b.Fatal(err)
		}
		msg := make([]byte, 16)
		b.Run(s.Name(), func(b *testing.B) {
			for b.Loop() {
				box, err := s.Seal(pub, msg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Open(priv, box); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
