package seal

import (
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
)

// SM is the 国密 suite: SM2 public-key encryption in the C1C3C2 order of
// GB/T 32918.4-2016 (its C3 is an SM3 check of the message, so a changed
// ciphertext fails to open), SM4 in GCM mode, SM3 and HMAC-SM3. Keys are
// kept in the standard encodings (PKIX public key, PKCS #8 private key).
type SM struct{}

func (SM) Name() string  { return "sm" }
func (SM) Label() string { return "国密（SM2、SM4-GCM、SM3）" }

func (SM) NewKeyPair() (public, private []byte, err error) {
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("seal: sm2 key: %w", err)
	}
	if public, err = smx509.MarshalPKIXPublicKey(&k.PublicKey); err != nil {
		return nil, nil, fmt.Errorf("seal: sm2 public key: %w", err)
	}
	if private, err = smx509.MarshalPKCS8PrivateKey(k); err != nil {
		return nil, nil, fmt.Errorf("seal: sm2 private key: %w", err)
	}
	return public, private, nil
}

func (SM) Seal(public, msg []byte) ([]byte, error) {
	k, err := smx509.ParsePKIXPublicKey(public)
	if err != nil {
		return nil, fmt.Errorf("seal: sm2 public key: %w", err)
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		return nil, fmt.Errorf("seal: %T is not an SM2 public key", k)
	}
	out, err := sm2.Encrypt(rand.Reader, pub, msg, nil)
	if err != nil {
		return nil, fmt.Errorf("seal: sm2: %w", err)
	}
	return out, nil
}

func (SM) Open(private, sealed []byte) ([]byte, error) {
	k, err := smx509.ParsePKCS8PrivateKey(private)
	if err != nil {
		return nil, ErrOpen
	}
	priv, ok := k.(*sm2.PrivateKey)
	if !ok {
		return nil, ErrOpen
	}
	msg, err := sm2.Decrypt(priv, sealed)
	if err != nil {
		return nil, ErrOpen
	}
	return msg, nil
}

func (SM) KeySize() int { return sm4.BlockSize }

func (SM) AEAD(key []byte) (cipher.AEAD, error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: sm4: %w", err)
	}
	return cipher.NewGCM(b)
}

func (SM) Hash() hash.Hash { return sm3.New() }

func (SM) MAC(key []byte) hash.Hash { return hmac.New(sm3.New, key) }
