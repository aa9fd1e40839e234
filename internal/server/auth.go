package server

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// LoadAdminKeys reads an authorized_keys file: one public key per line,
// blank lines and # comments ignored. A line that is not a key is an error
// naming the line, so a typo cannot silently lock the host out.
func LoadAdminKeys(path string) ([]gossh.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("admin keys: %w", err)
	}
	return ParseAdminKeys(path, data)
}

// ParseAdminKeys parses authorized_keys text; name is used in messages.
func ParseAdminKeys(name string, data []byte) ([]gossh.PublicKey, error) {
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(text))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w: not an authorized_keys line (ssh-ed25519 AAAA… comment): %w", name, line, ErrConfig, err)
		}
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: %w: no public key in the file", name, ErrConfig)
	}
	return keys, nil
}

func keyIn(k gossh.PublicKey, keys []gossh.PublicKey) bool {
	if k == nil {
		return false
	}
	m := k.Marshal()
	for _, a := range keys {
		if bytes.Equal(a.Marshal(), m) {
			return true
		}
	}
	return false
}
