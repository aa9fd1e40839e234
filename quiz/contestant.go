package quiz

// Contestant is one person on the roster (thí sinh). Code is the login and
// the key everywhere; Unit is the đơn vị used for unit standings; Block is
// an optional grouping of units (khối); PublicKey is an optional SSH
// authorized_keys line the server may require.
type Contestant struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Unit      string `json:"unit"`
	Block     string `json:"block,omitempty"`
	PublicKey string `json:"public_key,omitempty"`
}
