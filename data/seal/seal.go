// Package seal is the ledger's cryptography behind one small seam: a Suite
// seals data to a public key (so that whoever registers a complaint can
// seal its complainant's identity without holding any secret), encrypts
// with an authenticated cipher, hashes the audit chain and keys the search
// hashes. Two suites implement it:
//
//   - 国密 (SM, the default): SM2 public-key encryption (GB/T 32918.4),
//     SM4-GCM, SM3 and HMAC-SM3, from github.com/emmansun/gmsm;
//   - 国际 (Std): X25519 with HKDF-SHA-256, AES-256-GCM, SHA-256 and
//     HMAC-SHA-256, from the standard library.
//
// A ledger records the suite it was created with; both stay readable.
// Passwords and recovery codes become keys through argon2id (Password).
package seal

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"hash"
)

// Suite is one set of algorithms for a ledger.
type Suite interface {
	// Name is what the ledger records: "sm" or "std".
	Name() string
	// Label is the suite's name for people.
	Label() string
	// NewKeyPair makes a key pair; the private key is returned encoded as
	// Open takes it, the public key as Seal takes it.
	NewKeyPair() (public, private []byte, err error)
	// Seal encrypts msg so that only the holder of the private key of
	// public can read it; it needs no secret.
	Seal(public, msg []byte) ([]byte, error)
	// Open reads what Seal wrote for the key pair's private key.
	Open(private, sealed []byte) ([]byte, error)
	// KeySize is the length of AEAD's keys.
	KeySize() int
	// AEAD is the authenticated cipher under key (KeySize bytes).
	AEAD(key []byte) (cipher.AEAD, error)
	// Hash is the suite's hash (32 bytes).
	Hash() hash.Hash
	// MAC is the suite's keyed hash under key (32 bytes).
	MAC(key []byte) hash.Hash
}

// Default is the suite new ledgers get.
const Default = "sm"

// ByName returns the suite a ledger records.
func ByName(name string) (Suite, error) {
	switch name {
	case "sm":
		return SM{}, nil
	case "std":
		return Std{}, nil
	}
	return nil, fmt.Errorf("seal: unknown suite %q", name)
}

// ErrOpen is any failure to open sealed or encrypted data: a wrong key, or
// data changed since it was written. It says no more on purpose.
var ErrOpen = errors.New("seal: cannot open: wrong key or damaged data")

// Encrypt encrypts msg under key with the suite's AEAD, bound to ad (which
// must be given again to Decrypt); a random nonce leads the result.
func Encrypt(s Suite, key, msg, ad []byte) ([]byte, error) {
	a, err := s.AEAD(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(msg)+a.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: random: %w", err)
	}
	return a.Seal(nonce, nonce, msg, ad), nil
}

// Decrypt reads what Encrypt wrote.
func Decrypt(s Suite, key, box, ad []byte) ([]byte, error) {
	a, err := s.AEAD(key)
	if err != nil {
		return nil, err
	}
	if len(box) < a.NonceSize()+a.Overhead() {
		return nil, ErrOpen
	}
	msg, err := a.Open(nil, box[:a.NonceSize()], box[a.NonceSize():], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return msg, nil
}

// RandomKey is a new key for the suite's AEAD.
func RandomKey(s Suite) ([]byte, error) {
	k := make([]byte, s.KeySize())
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("seal: random: %w", err)
	}
	return k, nil
}

// Sum is the suite's hash of the parts written one after another.
func Sum(s Suite, parts ...[]byte) []byte {
	h := s.Hash()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// Keyed is the suite's MAC under key of msg.
func Keyed(s Suite, key, msg []byte) []byte {
	m := s.MAC(key)
	m.Write(msg)
	return m.Sum(nil)
}
