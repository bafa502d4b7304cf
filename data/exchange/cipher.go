package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// Cipher encrypts a package as a whole with the passphrase the office
// sets, so that a lost USB stick gives nothing away. It is the one seam
// where a 国密 SM4 cipher would replace age.
type Cipher interface {
	// Encrypt returns a writer whose bytes reach dst encrypted; Close
	// finishes the file.
	Encrypt(dst io.Writer) (io.WriteCloser, error)
	// Open returns the plaintext of the encrypted src (size bytes) for
	// reading anywhere, authenticating what it reads: a package is read
	// straight from its file, with no plaintext written to disk.
	Open(src io.ReaderAt, size int64) (io.ReaderAt, int64, error)
	// Recognizes reports whether head, the first bytes of a file, starts a
	// file of this cipher.
	Recognizes(head []byte) bool
}

// DefaultWorkFactor is scrypt's cost (log2 N) for a package's key: about a
// second and 256 MB on an office laptop, what age itself uses. A package
// asking for more is refused, so that reading one cannot take more memory.
const DefaultWorkFactor = 18

// Passphrase is age's scrypt passphrase encryption (filippo.io/age): a
// well-kept format with a published specification.
type Passphrase struct {
	Secret string
	// WorkFactor is scrypt's cost; 0 means DefaultWorkFactor. Tests lower
	// it to make packages by the hundred.
	WorkFactor int
}

var ageHeader = []byte("age-encryption.org/v1\n")

// Recognizes an age file.
func (p Passphrase) Recognizes(head []byte) bool { return bytes.HasPrefix(head, ageHeader) }

func (p Passphrase) workFactor() int {
	if p.WorkFactor > 0 {
		return p.WorkFactor
	}
	return DefaultWorkFactor
}

// Encrypt encrypts to the passphrase.
func (p Passphrase) Encrypt(dst io.Writer) (io.WriteCloser, error) {
	if strings.TrimSpace(p.Secret) == "" {
		return nil, refuse("外勤包的口令不能为空。")
	}
	r, err := age.NewScryptRecipient(p.Secret)
	if err != nil {
		return nil, fmt.Errorf("exchange: %w", err)
	}
	r.SetWorkFactor(p.workFactor())
	w, err := age.Encrypt(dst, r)
	if err != nil {
		return nil, fmt.Errorf("exchange: encrypt: %w", err)
	}
	return w, nil
}

// Open decrypts with the passphrase; a wrong passphrase, a damaged header
// and a cut-off file are told apart.
func (p Passphrase) Open(src io.ReaderAt, size int64) (io.ReaderAt, int64, error) {
	id, err := age.NewScryptIdentity(p.Secret)
	if err != nil {
		return nil, 0, refuse("外勤包的口令不能为空。")
	}
	id.SetMaxWorkFactor(max(p.workFactor(), DefaultWorkFactor))
	r, n, err := age.DecryptReaderAt(src, size, id)
	if err == nil {
		return r, n, nil
	}
	var none *age.NoIdentityMatchError
	switch {
	case errors.As(err, &none) && errors.Is(err, age.ErrIncorrectIdentity) && strings.Contains(err.Error(), "incorrect passphrase"):
		// A changed salt fails the same way as a wrong passphrase.
		return nil, 0, refuse("口令不对，无法打开外勤包；请向出库的同事核对口令（口令无误时，是包的开头已损坏）。")
	case strings.Contains(err.Error(), "work factor too large"):
		return nil, 0, refuse("外勤包要求的解密强度超过本程序允许的上限，不是本程序写出的包。")
	case strings.Contains(err.Error(), "header"):
		return nil, 0, refuse("外勤包的文件头已损坏，无法打开。")
	case strings.Contains(err.Error(), "final chunk") || errors.Is(err, io.ErrUnexpectedEOF):
		// The end of the file is authenticated first: a cut-off file and one
		// whose last bytes were changed fail alike.
		return nil, 0, refuse("外勤包不完整（文件被截断）或结尾已被改动，请重新复制。")
	default:
		return nil, 0, refuse("外勤包已损坏或被改动，解密校验未通过。")
	}
}
