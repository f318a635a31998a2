package odb

import "errors"

// PatchDelta applies a git delta (pack-format.txt, "Deltified
// representation") to base: the sizes of the base and the result, then
// copy instructions (an offset and a size in base) and inserts (1 to 127
// literal bytes). The base's size must be base's length, and the result
// is grown as the instructions write it, never allocated from the size
// the delta claims: a damaged delta that claims 2^60 bytes is an error,
// not a run out of memory.
func PatchDelta(base, delta []byte) ([]byte, error) {
	srcSize, delta, ok := deltaSize(delta)
	if !ok || srcSize != uint64(len(base)) {
		return nil, errors.New("delta: base size mismatch")
	}
	dstSize, delta, ok := deltaSize(delta)
	if !ok {
		return nil, errors.New("delta: bad result size")
	}
	// Each byte of the delta writes at most len(base) bytes (a copy) or
	// one (an insert): a larger size is damage.
	bound := uint64(len(delta)) * uint64(max(len(base), 1))
	if dstSize > bound && dstSize > uint64(len(delta)) {
		return nil, errors.New("delta: result size larger than the delta can write")
	}
	out := make([]byte, 0, min(dstSize, 1<<20+uint64(len(base))+uint64(len(delta))))
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, size uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("delta: truncated copy")
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("delta: truncated copy")
					}
					size |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || uint64(len(out))+size > dstSize {
				return nil, errors.New("delta: copy out of bounds")
			}
			out = append(out, base[off:off+size]...)
		case op != 0:
			n := uint64(op)
			if n > uint64(len(delta)) || uint64(len(out))+n > dstSize {
				return nil, errors.New("delta: insert out of bounds")
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errors.New("delta: reserved instruction 0")
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errors.New("delta: result shorter than its size")
	}
	return out, nil
}

// deltaSize reads a size of a delta's header: 7 bits a byte, low first.
func deltaSize(b []byte) (uint64, []byte, bool) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
	}
	return 0, nil, false
}
