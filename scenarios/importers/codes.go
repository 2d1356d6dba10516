package importers

import (
	"strings"
	"unicode"
)

// deuActors maps the actor keys of DEU III (the p<key>/s<key> columns) to
// ISO 3166 alpha-3 codes and names. The two EU institutions are not states:
// they take codes from ISO 3166's user-assigned range XAA-XZZ.
var deuActors = map[string]struct{ code, name string }{
	"com": {"XCO", "European Commission"},
	"ep":  {"XEP", "European Parliament"},
	"at":  {"AUT", "Austria"},
	"be":  {"BEL", "Belgium"},
	"bu":  {"BGR", "Bulgaria"},
	"cr":  {"HRV", "Croatia"},
	"cy":  {"CYP", "Cyprus"},
	"cz":  {"CZE", "Czechia"},
	"dk":  {"DNK", "Denmark"},
	"ee":  {"EST", "Estonia"},
	"fi":  {"FIN", "Finland"},
	"fr":  {"FRA", "France"},
	"de":  {"DEU", "Germany"},
	"el":  {"GRC", "Greece"},
	"hu":  {"HUN", "Hungary"},
	"ie":  {"IRL", "Ireland"},
	"it":  {"ITA", "Italy"},
	"lv":  {"LVA", "Latvia"},
	"lt":  {"LTU", "Lithuania"},
	"lu":  {"LUX", "Luxembourg"},
	"mt":  {"MLT", "Malta"},
	"nl":  {"NLD", "Netherlands"},
	"pl":  {"POL", "Poland"},
	"pt":  {"PRT", "Portugal"},
	"ro":  {"ROU", "Romania"},
	"si":  {"SVN", "Slovenia"},
	"sk":  {"SVK", "Slovakia"},
	"es":  {"ESP", "Spain"},
	"se":  {"SWE", "Sweden"},
	"uk":  {"GBR", "United Kingdom"},
}

// deuProposer is the DEU actor whose proposal is the text on the table.
const deuProposer = "com"

// countries maps the names of states that decide files use for single
// countries to their ISO 3166 alpha-3 codes. Anything else in a decide
// file (a negotiating group such as "EU28" or "China India", or a plural
// such as "Japans" that stands for a country and its partners) is not a
// state and gets an X code.
var countries = map[string]string{
	"usa": "USA", "us": "USA", "united states": "USA",
	"russia": "RUS", "russian federation": "RUS",
	"china": "CHN", "india": "IND", "brazil": "BRA", "japan": "JPN",
	"australia": "AUS", "canada": "CAN", "mexico": "MEX",
	"south africa": "ZAF", "indonesia": "IDN", "saudi arabia": "SAU",
	"korea": "KOR", "south korea": "KOR", "norway": "NOR", "switzerland": "CHE",
	"new zealand": "NZL", "turkey": "TUR", "argentina": "ARG",
}

// codeAssigner hands out distinct actor codes for one dataset.
type codeAssigner struct {
	used map[string]bool
	next int // next sequential X code to try, 0 = XAA
}

func newCodeAssigner() *codeAssigner { return &codeAssigner{used: map[string]bool{}} }

// take reserves code and reports whether it was free.
func (a *codeAssigner) take(code string) bool {
	if a.used[code] {
		return false
	}
	a.used[code] = true
	return true
}

// decideCode gives a decide actor a code: the ISO code of a country it
// names, else a mnemonic X code from its initials or first letters, else
// the next free sequential X code (XAA, XAB, ...).
func (a *codeAssigner) decideCode(id, name string) string {
	for _, n := range []string{id, name} {
		if c, ok := countries[strings.ToLower(strings.TrimSpace(n))]; ok && a.take(c) {
			return c
		}
	}
	for _, m := range mnemonics(id) {
		if a.take("X" + m) {
			return "X" + m
		}
	}
	for a.next < 26*26 {
		c := "X" + string(rune('A'+a.next/26)) + string(rune('A'+a.next%26))
		a.next++
		if a.take(c) {
			return c
		}
	}
	return "" // more than 676 actors: the caller reports it
}

// mnemonics proposes two-letter suffixes for an X code from a name: an
// acronym's first letters ("EU (incl Norway)" -> EU), the initials of the
// first two words ("Least Developed Countries" -> LD), or the first letter
// with each later one ("AOSISs" -> AO, AS, ...).
func mnemonics(name string) []string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	var out []string
	if len(words) > 0 && len(words[0]) >= 2 && len(words[0]) <= 4 && strings.ToUpper(words[0]) == words[0] {
		out = append(out, words[0][:2])
	}
	for k := range words {
		words[k] = strings.ToUpper(words[k])
	}
	if len(words) >= 2 {
		out = append(out, words[0][:1]+words[1][:1])
	}
	letters := strings.Join(words, "")
	for k := 1; k < len(letters) && k < 6; k++ {
		out = append(out, letters[:1]+letters[k:k+1])
	}
	return out
}
