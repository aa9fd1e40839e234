package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Host runs parquiz host commands (`ssh host@… next`) over one SSH
// connection kept open, so that timing a command does not include a new
// handshake.
type Host struct {
	client *gossh.Client
}

// DialHost connects as user "host" with an admin key.
func DialHost(addr string, signer gossh.Signer, timeout time.Duration) (*Host, error) {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "host", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: timeout,
	})
	if err != nil {
		return nil, fmt.Errorf("host: %w", err)
	}
	return &Host{client: c}, nil
}

// Run runs one command and returns its output; a non-zero exit status is
// an error carrying the command's stderr.
func (h *Host) Run(ctx context.Context, args ...string) (string, error) {
	s, err := h.client.NewSession()
	if err != nil {
		return "", fmt.Errorf("host %s: %w", strings.Join(args, " "), err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	done := make(chan error, 1)
	go func() { done <- s.Run(strings.Join(args, " ")) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if err != nil {
		return out.String(), fmt.Errorf("host %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// HostStatus is the part of `status --json` the load tool reads.
type HostStatus struct {
	State     string `json:"state"`
	Answered  int    `json:"answered"`
	Eligible  int    `json:"eligible"`
	Connected int    `json:"connected"`
}

// Status runs `status --json`.
func (h *Host) Status(ctx context.Context) (HostStatus, error) {
	out, err := h.Run(ctx, "status", "--json")
	if err != nil {
		return HostStatus{}, err
	}
	var r struct {
		Status HostStatus `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return HostStatus{}, fmt.Errorf("host status: %w", err)
	}
	return r.Status, nil
}

// Close closes the connection.
func (h *Host) Close() error { return h.client.Close() }
