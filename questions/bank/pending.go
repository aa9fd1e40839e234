package bank

import "context"

// DefaultPending reports whether EnsureDefaultVersion or
// UpdateDefault(version) would change the bank: the default questions were
// never loaded, or were loaded by another version of parquiz. It only
// reads, so a caller that may not write now (a contest is served from the
// database) can say that the change waits.
func (b *Bank) DefaultPending(ctx context.Context, version string) (bool, error) {
	loaded, err := metaExists(ctx, b.db, metaDefault)
	if err != nil || !loaded {
		return !loaded, err
	}
	if version == "" {
		return false, nil
	}
	current, ok, err := metaValue(ctx, b.db, metaDefaultVersion)
	if err != nil {
		return false, err
	}
	return !ok || current != version, nil
}
