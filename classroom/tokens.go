package classroom

// The secrets of a game: the tokens of its cookies, kept only as hashes,
// and its join code.

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// TokenHash is the SHA-256 of a token: what the store keeps of a cookie.
type TokenHash [sha256.Size]byte

// newToken returns a random token (32 bytes from crypto/rand, base64url
// for a cookie) and its hash for the store.
func newToken() (string, TokenHash) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	return tok, hashToken(tok)
}

func hashToken(tok string) TokenHash { return sha256.Sum256([]byte(tok)) }

// codeAlphabet is the letters and digits of a join code: none that reads
// as another (no 0, O, 1, I).
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// codeLen is the length of a join code: 32^6, about a billion codes.
const codeLen = 6

// newCode returns a random join code.
func newCode() string {
	var b [codeLen]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)] // 256 is a multiple of 32: no bias
	}
	return string(b[:])
}

// normCode is a code as a user may type it: case and spaces do not matter.
func normCode(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}
