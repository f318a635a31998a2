package infer

// CacheStats are the cache's kept files and hits, for the tests.
func CacheStats(c *ImportCache) (kept, hits int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m), c.hits
}
