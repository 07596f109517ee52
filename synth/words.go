package synth

import "strings"

// Word lists of the synthetic dataset. Free text is drawn from a vocabulary
// large enough that two generated quotes are never near duplicates.

var givenNames = []string{"Ardit", "Besnik", "Blerina", "Dritan", "Elona", "Ëndrit", "Fatmir", "Gentiana", "Ilir", "Jonida",
	"Klodian", "Lindita", "Mirela", "Nexhmije", "Olsi", "Përparim", "Rezarta", "Sokol", "Teuta", "Valbona", "Xhesika", "Zamira",
	"Arben", "Dorina", "Erion", "Flutura", "Gëzim", "Hasan", "Ina", "Kujtim", "Majlinda", "Nertila", "Rudina", "Shpëtim"}

var familyNames = []string{"Hoxha", "Çela", "Kola", "Dervishi", "Leka", "Shehu", "Gjoka", "Basha", "Meta", "Rrapaj",
	"Bregu", "Kapllani", "Mëhilli", "Nushi", "Prifti", "Qose", "Sula", "Toska", "Ymeri", "Zeqiri", "Bajrami", "Cani",
	"Duka", "Frashëri", "Gjini", "Hysa", "Isufi", "Koçi", "Lala", "Marku", "Ndreu", "Pllumi", "Ruci", "Xhafa"}

var orgNames = []string{"Ministry of the Interior", "State Police", "Prosecution Office", "Border Police", "National Assembly",
	"Ministry of Foreign Affairs", "Helsinki Committee", "Ombudsman", "Municipal Council", "Intelligence Service",
	"Court of Appeal", "Constitutional Court", "Refugee Agency", "Residents' Association", "Journalists' Union",
	"Chamber of Commerce", "Civil Protection Agency", "Cyber Security Authority", "Customs Administration", "Election Commission"}

var roleTitles = []string{"Minister of the Interior", "Prime Minister", "Chief Prosecutor", "Police Director", "Spokesperson",
	"Mayor", "Member of Parliament", "Ambassador", "Deputy Minister", "Head of Security", "Director General",
	"Court President", "Commissioner", "Party Leader", "Press Officer", "Chief of Staff", "Investigator", "Adviser"}

var placeStems = []string{"Manz", "Durr", "Shijak", "Kavaj", "Tiran", "Fier", "Vlor", "Berat", "Elbas", "Kor", "Shkod",
	"Lezh", "Kuk", "Gjirokast", "Sarand", "Pogradec", "Lushnj", "Rrogozhin", "Peqin", "Kruj", "Tepelen", "Përmet"}

var placeEnds = []string{"ë", "a", "i", "ës", "ani", "ova", "aj", "ec", "isht", "uq"}

var publishers = []string{"Balkan Observer", "Adriatic Review", "Tirana Daily", "Eastern Europe Monitor", "Civic Ledger",
	"Regional Gazette", "Weekly Dispatch", "Southeast News Agency", "Policy Quarterly", "Open Archive"}

var tags = []string{"raid", "investigation", "cyberattack", "diplomacy", "protest", "court", "refugees", "security",
	"elections", "border", "terrorism", "asylum", "police", "parliament", "sanctions", "media", "camp", "agreement"}

var measures = []string{"officers injured", "residents of the camp", "people detained", "devices seized", "hectares of land",
	"share of citizens who see a danger", "asylum requests", "court hearings", "budget allocated", "years of residence",
	"protesters", "households affected", "border crossings", "documents filed", "servers attacked", "families relocated",
	"journalists accredited", "complaints received", "votes cast", "staff employed"}

var measureQualifiers = []string{"in the first phase", "reported by the police", "according to the prosecutor",
	"in the capital", "in the region", "over the year", "at the peak", "after the ruling", "before the agreement",
	"in the official count", "per the survey", "in the municipality", "at the hearing", "on the record", "in total",
	"in the second phase", "per the ministry", "per the residents", "in the final report", "in the interim report",
	"at the border", "in the camp", "in the court filing", "in the annual review", "in the press release",
	"per the opposition", "per the agency", "at the start", "at the end", "in the estimate"}

// vocabulary is the word stock of summaries, quotes and notes.
var vocabulary = strings.Fields(`
government police camp residents security authorities ministry prosecutor investigation agreement court border
statement interview report members organization country region municipality settlement official officials decision
hearing documents evidence devices servers attack attacks cyber diplomatic relations embassy ambassador expelled
asylum refugees protection status hosted relocation relocated accepted request requests condition conditions safety
public order threat threats danger risk citizens survey barometer percent majority minority opposition parliament
vote votes law laws legal framework procedure proceeding filed inspection order warrant seized computers phones
interference systems terrorism financing funds budget cost costs land hectares buildings construction permit permits
responsible responsibility response respond responded declared declaration announced announcement confirmed denied
rejected claimed stated said told explained added noted warned urged called demanded promised insisted argued
international partners allies neighbours region stability peace cooperation agencies intelligence service services
media press journalists newspaper television broadcast article articles published publication sources witnesses
morning evening night week month year years decade early late recent recently later earlier since until during
several dozen hundred thousand many few some most all none every each other another further more less least
clear unclear open closed formal informal official unofficial direct indirect local national foreign domestic
strong weak serious minor major central main key important relevant necessary possible likely unlikely certain
inside outside near far north south east west capital coast valley mountain river road roads village town city
families children workers students teachers doctors lawyers judges officers soldiers guards volunteers observers
water electricity health education housing transport trade tourism economy economic political social cultural
meeting meetings talks negotiations visit visits delegation delegations mission missions programme programmes plan
review reviewed reform reforms change changes measure measures action actions step steps effort efforts result
question questions answer answers concern concerns issue issues problem problems case cases matter matters fact
`)

var sentenceEnds = []string{".", ".", ".", ";", ","}

// sentences returns free text of about n characters (at least min) made of
// sentences of vocabulary words, starting with a capital letter.
func sentences(r *rng, min, max int) string {
	target := r.between(min, max)
	var b strings.Builder
	b.Grow(target + 16)
	start := true
	for b.Len() < target || b.Len() < min {
		w := pick(r, vocabulary)
		if start {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.ToUpper(w[:1]))
			b.WriteString(w[1:])
			start = false
			continue
		}
		b.WriteByte(' ')
		b.WriteString(w)
		if r.chance(12) {
			end := pick(r, sentenceEnds)
			b.WriteString(end)
			start = end == "." || end == ";"
			if end == ";" {
				start = false
			}
		}
	}
	s := b.String()
	if len(s) > max-1 {
		s = s[:strings.LastIndexByte(s[:max-1], ' ')]
	}
	s = strings.TrimRight(s, " ,;")
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// words returns n lowercase vocabulary words joined by spaces.
func words(r *rng, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = pick(r, vocabulary)
	}
	return strings.Join(parts, " ")
}

var asciiFold = strings.NewReplacer("ë", "e", "Ë", "e", "ç", "c", "Ç", "c", "'", "", "’", "")

// kebab folds a name to an ID stem: lowercase ASCII words joined by hyphens.
func kebab(s string) string {
	s = strings.ToLower(asciiFold.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			continue
		}
		dash = true
	}
	return b.String()
}
