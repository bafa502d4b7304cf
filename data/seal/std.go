package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"hash"
)

// Std is the suite of the standard library: X25519 with HKDF-SHA-256 and
// AES-256-GCM for the public-key seal (an ephemeral key per message, as
// ECIES does), AES-256-GCM, SHA-256 and HMAC-SHA-256.
type Std struct{}

func (Std) Name() string  { return "std" }
func (Std) Label() string { return "国际（X25519、AES-256-GCM、SHA-256）" }

func (Std) NewKeyPair() (public, private []byte, err error) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("seal: x25519 key: %w", err)
	}
	return k.PublicKey().Bytes(), k.Bytes(), nil
}

// sealInfo binds the derived key to its use.
const sealInfo = "xiaoneng seal x25519 aes-256-gcm"

// sealKey derives the AES key of a message from the shared secret and both
// public keys.
func sealKey(shared, ephemeral, recipient []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, shared, append(append([]byte{}, ephemeral...), recipient...), sealInfo, 32)
}

func (s Std) Seal(public, msg []byte) ([]byte, error) {
	pub, err := ecdh.X25519().NewPublicKey(public)
	if err != nil {
		return nil, fmt.Errorf("seal: x25519 public key: %w", err)
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("seal: x25519 key: %w", err)
	}
	shared, err := eph.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("seal: x25519: %w", err)
	}
	key, err := sealKey(shared, eph.PublicKey().Bytes(), public)
	if err != nil {
		return nil, err
	}
	box, err := Encrypt(s, key, msg, nil)
	if err != nil {
		return nil, err
	}
	return append(eph.PublicKey().Bytes(), box...), nil
}

func (s Std) Open(private, sealed []byte) ([]byte, error) {
	priv, err := ecdh.X25519().NewPrivateKey(private)
	if err != nil || len(sealed) < 32 {
		return nil, ErrOpen
	}
	eph, err := ecdh.X25519().NewPublicKey(sealed[:32])
	if err != nil {
		return nil, ErrOpen
	}
	shared, err := priv.ECDH(eph)
	if err != nil {
		return nil, ErrOpen
	}
	key, err := sealKey(shared, sealed[:32], priv.PublicKey().Bytes())
	if err != nil {
		return nil, ErrOpen
	}
	return Decrypt(s, key, sealed[32:], nil)
}

func (Std) KeySize() int { return 32 }

func (Std) AEAD(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: aes: %w", err)
	}
	return cipher.NewGCM(b)
}

func (Std) Hash() hash.Hash { return sha256.New() }

func (Std) MAC(key []byte) hash.Hash { return hmac.New(sha256.New, key) }
