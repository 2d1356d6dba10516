package worldmap

// numericCodes maps the 193 UN member states' ISO 3166-1 alpha-3 codes
// (the state ids of the scenarios) to their ISO 3166-1 numeric codes (the
// ids of Natural Earth's shapes), from Debian's iso-codes.
var numericCodes = map[string]int{
	"AFG": 4, "AGO": 24, "ALB": 8, "AND": 20, "ARE": 784, "ARG": 32, "ARM": 51, "ATG": 28,
	"AUS": 36, "AUT": 40, "AZE": 31, "BDI": 108, "BEL": 56, "BEN": 204, "BFA": 854, "BGD": 50,
	"BGR": 100, "BHR": 48, "BHS": 44, "BIH": 70, "BLR": 112, "BLZ": 84, "BOL": 68, "BRA": 76,
	"BRB": 52, "BRN": 96, "BTN": 64, "BWA": 72, "CAF": 140, "CAN": 124, "CHE": 756, "CHL": 152,
	"CHN": 156, "CIV": 384, "CMR": 120, "COD": 180, "COG": 178, "COL": 170, "COM": 174, "CPV": 132,
	"CRI": 188, "CUB": 192, "CYP": 196, "CZE": 203, "DEU": 276, "DJI": 262, "DMA": 212, "DNK": 208,
	"DOM": 214, "DZA": 12, "ECU": 218, "EGY": 818, "ERI": 232, "ESP": 724, "EST": 233, "ETH": 231,
	"FIN": 246, "FJI": 242, "FRA": 250, "FSM": 583, "GAB": 266, "GBR": 826, "GEO": 268, "GHA": 288,
	"GIN": 324, "GMB": 270, "GNB": 624, "GNQ": 226, "GRC": 300, "GRD": 308, "GTM": 320, "GUY": 328,
	"HND": 340, "HRV": 191, "HTI": 332, "HUN": 348, "IDN": 360, "IND": 356, "IRL": 372, "IRN": 364,
	"IRQ": 368, "ISL": 352, "ISR": 376, "ITA": 380, "JAM": 388, "JOR": 400, "JPN": 392, "KAZ": 398,
	"KEN": 404, "KGZ": 417, "KHM": 116, "KIR": 296, "KNA": 659, "KOR": 410, "KWT": 414, "LAO": 418,
	"LBN": 422, "LBR": 430, "LBY": 434, "LCA": 662, "LIE": 438, "LKA": 144, "LSO": 426, "LTU": 440,
	"LUX": 442, "LVA": 428, "MAR": 504, "MCO": 492, "MDA": 498, "MDG": 450, "MDV": 462, "MEX": 484,
	"MHL": 584, "MKD": 807, "MLI": 466, "MLT": 470, "MMR": 104, "MNE": 499, "MNG": 496, "MOZ": 508,
	"MRT": 478, "MUS": 480, "MWI": 454, "MYS": 458, "NAM": 516, "NER": 562, "NGA": 566, "NIC": 558,
	"NLD": 528, "NOR": 578, "NPL": 524, "NRU": 520, "NZL": 554, "OMN": 512, "PAK": 586, "PAN": 591,
	"PER": 604, "PHL": 608, "PLW": 585, "PNG": 598, "POL": 616, "PRK": 408, "PRT": 620, "PRY": 600,
	"QAT": 634, "ROU": 642, "RUS": 643, "RWA": 646, "SAU": 682, "SDN": 729, "SEN": 686, "SGP": 702,
	"SLB": 90, "SLE": 694, "SLV": 222, "SMR": 674, "SOM": 706, "SRB": 688, "SSD": 728, "STP": 678,
	"SUR": 740, "SVK": 703, "SVN": 705, "SWE": 752, "SWZ": 748, "SYC": 690, "SYR": 760, "TCD": 148,
	"TGO": 768, "THA": 764, "TJK": 762, "TKM": 795, "TLS": 626, "TON": 776, "TTO": 780, "TUN": 788,
	"TUR": 792, "TUV": 798, "TZA": 834, "UGA": 800, "UKR": 804, "URY": 858, "USA": 840, "UZB": 860,
	"VCT": 670, "VEN": 862, "VNM": 704, "VUT": 548, "WSM": 882, "YEM": 887, "ZAF": 710, "ZMB": 894,
	"ZWE": 716,
}

// territories maps shapes that are not UN members in their own right to
// the member state whose colour they take: dependent territories to the
// state administering them, and Natural Earth's separate outlines of
// Somaliland and Northern Cyprus to the member states the UN counts them
// in. Shapes in neither table (Taiwan, Palestine, Western Sahara, Kosovo)
// are not members of the UN and stay grey.
var territories = map[string]string{
	"304":        "DNK", // Greenland
	"630":        "USA", // Puerto Rico
	"540":        "FRA", // New Caledonia
	"260":        "FRA", // French Southern and Antarctic Lands
	"238":        "GBR", // Falkland Islands (Malvinas)
	"Somaliland": "SOM",
	"N. Cyprus":  "CYP",
}

// capitals places the member states too small to have a shape at 1:110m
// at their capitals (latitude, longitude in degrees), so that the map can
// still show them as dots.
var capitals = map[string][2]float64{
	"AND": {42.51, 1.52},     // Andorra la Vella
	"ATG": {17.12, -61.85},   // Saint John's
	"BHR": {26.23, 50.59},    // Manama
	"BRB": {13.10, -59.62},   // Bridgetown
	"COM": {-11.70, 43.26},   // Moroni
	"CPV": {14.93, -23.51},   // Praia
	"DMA": {15.30, -61.39},   // Roseau
	"FSM": {6.92, 158.16},    // Palikir
	"GRD": {12.06, -61.75},   // Saint George's
	"KIR": {1.33, 172.98},    // South Tarawa
	"KNA": {17.30, -62.72},   // Basseterre
	"LCA": {14.01, -60.99},   // Castries
	"LIE": {47.14, 9.52},     // Vaduz
	"MCO": {43.73, 7.42},     // Monaco
	"MDV": {4.18, 73.51},     // Male
	"MHL": {7.09, 171.38},    // Majuro
	"MLT": {35.90, 14.51},    // Valletta
	"MUS": {-20.16, 57.50},   // Port Louis
	"NRU": {-0.55, 166.92},   // Yaren
	"PLW": {7.50, 134.62},    // Ngerulmud
	"SGP": {1.29, 103.85},    // Singapore
	"SMR": {43.94, 12.45},    // San Marino
	"STP": {0.34, 6.73},      // Sao Tome
	"SYC": {-4.62, 55.45},    // Victoria
	"TON": {-21.14, -175.20}, // Nuku'alofa
	"TUV": {-8.52, 179.20},   // Funafuti
	"VCT": {13.16, -61.23},   // Kingstown
	"WSM": {-13.83, -171.76}, // Apia
}

// Numeric returns the ISO 3166-1 numeric code of a UN member state given
// by its alpha-3 code.
func Numeric(alpha3 string) (int, bool) {
	n, ok := numericCodes[alpha3]
	return n, ok
}

// Capital returns where a member state without a shape on the map is
// drawn as a dot: its capital (latitude, longitude).
func Capital(alpha3 string) (lat, lon float64, ok bool) {
	c, ok := capitals[alpha3]
	return c[0], c[1], ok
}
