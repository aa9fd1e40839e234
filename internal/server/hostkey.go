package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the name of the server's host key inside the data dir.
const HostKeyFile = "ssh_host_ed25519_key"

// HostKey loads the ed25519 host key at path, creating it (mode 0600, and
// its directory 0700) on first use. The same key on every start is what
// lets contestants' ssh trust the server after the first connection.
// created reports whether the key was made now.
func HostKey(path string) (signer gossh.Signer, pemBytes []byte, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		blk, err := gossh.MarshalPrivateKey(priv, "parquiz host key")
		if err != nil {
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		data = pem.EncodeToMemory(blk)
		// O_EXCL: two servers started at once must not overwrite each other's key.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, nil, false, fmt.Errorf("host key: %w", err)
		}
		created = true
	default:
		return nil, nil, false, fmt.Errorf("host key: %w", err)
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, nil, false, fmt.Errorf("host key %s: %w (delete it to make a new one; contestants' ssh will then warn once)", path, err)
	}
	return signer, data, created, nil
}

// Fingerprint is the SHA256 fingerprint of a public key, as ssh prints it.
func Fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }
