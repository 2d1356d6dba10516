package scenarios

// The types in this file are the scenario file format, version 1, as it is
// written in TOML. Their struct tags are the single source of truth for
// the format: the decoder reads key names (toml), allowed ranges (range),
// allowed values (enum), defaults (default) and whether a key is required
// (required) from them, and docs/scenario-format.md is generated from the
// same tags (doc), so that the reference and the validator cannot drift.
//
// Tag grammar:
//
//	toml:"key"         the key, matched case-sensitively
//	doc:"..."          one sentence for the reference
//	range:"[0,1]"      closed/open bounds; "inf" for no bound
//	enum:"a|b|c"       allowed string values
//	default:"v"        value used when the key is absent
//	required:"true"    the key must be given (a table or an array: not empty)
//	need:"..."         for a required table or array: what it must hold
//	ref:"clauses"      the value names an entry of that table

// FormatVersion is the scenario format this package reads.
const FormatVersion = 1

// File is one scenario file as written.
type File struct {
	Format   int                 `toml:"format" default:"1" range:"[1,1]" doc:"Scenario format version; 1 is the only one."`
	Extends  string              `toml:"extends" doc:"Base scenario this file overrides: the name of a shipped scenario (see treatysim list), or a relative path from this file to a .toml file in the folder of the scenario named on the command line or below it (see Extending a scenario). Tables merge key by key; arrays of tables merge by id; other values replace the base's."`
	Scenario Meta                `toml:"scenario" required:"true" doc:"What the scenario is."`
	Rules    Rules               `toml:"rules" doc:"The decision rule."`
	Model    Model               `toml:"model" doc:"Model parameters; every one has a documented default."`
	Clusters map[string]Cluster  `toml:"clusters" required:"true" need:"at least one [clusters.ID] table" doc:"Agenda units (criminalisation, jurisdiction, ...), keyed by id."`
	Clauses  map[string]Clause   `toml:"clauses" required:"true" need:"at least one [clauses.ID] table" doc:"The contested provisions, keyed by id, in the order written."`
	Groups   map[string]Group    `toml:"groups" doc:"Groups of states (regional groups, blocs, coalitions), keyed by id."`
	States   map[string]StateDef `toml:"states" required:"true" need:"at least one [states.ID] table" doc:"The delegations, keyed by ISO 3166 alpha-3 id."`
	Sessions []Session           `toml:"sessions" required:"true" need:"at least one [[sessions]] table" doc:"The session script, in order."`
	Record   Record              `toml:"record" doc:"Evidence on the states from a record of votes outside the negotiation (written by treatysim import unvotes; see docs/alignment.md) and how it grounds what the sources leave silent."`
}

// Record is evidence on the states from a voting record outside the
// negotiation: for each state, estimates from the UN General Assembly's
// roll calls (docs/alignment.md). A state's own values always win over it;
// it wins over its groups' alignments, and it leans the positions a state
// takes from the templates of LeanGroups.
type Record struct {
	Source     string                 `toml:"source" doc:"Where the estimates come from (for the UN record: 'unvotes: ...'); required when states are given."`
	Window     string                 `toml:"window" doc:"The sessions of the record the estimates cover, e.g. \"69-73\" (2014-2018)."`
	Divide     []string               `toml:"divide" ref:"states" doc:"The two reference states whose votes define the divide: the low end first (alignment -1), the high end second (+1). It also orients the lean: a clause's direction is from the low state's ideal point to the high state's."`
	Lean       float64                `toml:"lean" default:"0.5" range:"[0,1]" doc:"How far the record leans a templated ideal point: a state with alignment a moves lean * a * (x_high - x_low) / 2 from its group's template (clamped to [0,1])."`
	LeanGroups []string               `toml:"lean_groups" ref:"groups" doc:"Groups whose templates are assumptions about a silent middle: the ideal points a state takes from them lean with its alignment, and their saliences scale by 0.5 + |alignment| (a state whose record puts it in a camp cares more than one between the camps)."`
	States     map[string]RecordEntry `toml:"states" doc:"Estimates per state id (ISO 3166 alpha-3); ids that are not states of the scenario are ignored, so that one record serves many scenarios."`
}

// RecordEntry is one state's estimates from the record.
type RecordEntry struct {
	Alignment   float64 `toml:"alignment" required:"true" range:"[-1,1]" doc:"Estimated alignment on the divide (posterior mean); the state's alignment unless it gives its own."`
	AlignmentSD float64 `toml:"alignment_sd" default:"0" range:"[0,1]" doc:"Its uncertainty (posterior standard deviation); above 0 the alignment is drawn per run from normal(alignment, alignment_sd), clamped to [-1,1]."`
	IdealPoint  float64 `toml:"ideal_point" range:"[-10,10]" doc:"Ideal point on the main dimension of the record (standardised; the low reference state's end positive in the UN record). Reported, not used by the engine."`
	IdealSD     float64 `toml:"ideal_sd" range:"[0,10]" doc:"Standard error of the ideal point."`
	Side        float64 `toml:"side" range:"[-1,1]" doc:"Mean side on the topic's contested roll calls: +1 voted as the high reference state, -1 as the low one, 0 abstained."`
	SideVotes   int     `toml:"side_votes" range:"[0,100000]" doc:"Number of those roll calls it voted in."`
	Abstention  float64 `toml:"abstention" range:"[0,1]" doc:"Share of its votes in the window that were abstentions."`
}

// Meta describes a scenario.
type Meta struct {
	ID          string   `toml:"id" required:"true" pattern:"id" doc:"Identifier: lower-case letters, digits, '-' and '_'."`
	Title       string   `toml:"title" required:"true" doc:"One-line title."`
	Description string   `toml:"description" doc:"What the scenario models."`
	Question    string   `toml:"question" doc:"For a what-if scenario: the question it asks."`
	Sources     []string `toml:"sources" doc:"The documents the scenario rests on."`
	Seed        int64    `toml:"seed" default:"1" range:"[0,inf)" doc:"Default random seed; --seed overrides it."`
}

// Rules is the decision rule of the negotiation.
type Rules struct {
	Decision      string  `toml:"decision" default:"consensus_then_vote" enum:"consensus|consensus_then_vote|majority" doc:"consensus: adopted when no state formally objects; consensus_then_vote: consensus first and, once no reconvened session remains, a recorded vote on the package at vote_threshold; majority: the package goes straight to a vote, passing with more yes than no."`
	VoteThreshold float64 `toml:"vote_threshold" default:"0.6667" range:"(0,1]" doc:"Share of yes among yes and no (those present and voting) a motion needs under consensus_then_vote and for amendments; abstentions do not count."`
}

// Model holds the parameters of the bargaining model.
type Model struct {
	Curvature            float64                    `toml:"curvature" default:"2" range:"[1,4]" doc:"Exponent a of the loss |T-x|^a in utility; 2 is risk-averse, 1 linear."`
	ChairStep            float64                    `toml:"chair_step" default:"0.5" range:"(0,1]" doc:"Share of the way the chair moves the text toward the room's compromise each round (single negotiating text)."`
	BlockingShare        float64                    `toml:"blocking_share" default:"0.4" range:"(0,1]" doc:"Share of salience-weighted capability preferring deletion to the current wording above which the chair drops a clause."`
	ObjectionTemperature float64                    `toml:"objection_temperature" default:"0.02" range:"(0,1]" doc:"Temperature of the logit choice to object formally; lower is more deterministic."`
	StandoutCost         float64                    `toml:"standout_cost" default:"0.1" range:"[0,1]" doc:"Utility cost of objecting alone; it falls in proportion to the capability share of the dissatisfied states, except when a vote would adopt the package anyway."`
	IdealNoise           float64                    `toml:"ideal_noise" default:"0" range:"[0,1]" doc:"Behavioural noise: standard deviation of a normal perturbation of every state's ideal point on every clause, drawn at the start of each run (clamped to [0,1])."`
	SalienceNoise        float64                    `toml:"salience_noise" default:"0" range:"[0,1]" doc:"Behavioural noise: standard deviation of a normal perturbation of every salience, drawn at the start of each run (clamped to [0,1])."`
	VoteIndifference     float64                    `toml:"vote_indifference" default:"0.01" range:"[0,1]" doc:"A state abstains when a motion changes its utility by less than this and its alignment gives it no lead."`
	VoteStakes           float64                    `toml:"vote_stakes" default:"0.1" range:"(0,1]" doc:"Change of utility at which a state's interest alone pulls its vote as hard as it can; smaller changes pull in proportion (see docs/model.md, votes under cross-pressure)."`
	AlignmentWeight      float64                    `toml:"alignment_weight" default:"1" range:"[0,100]" doc:"Weight of a state's alignment with the mover of a motion against its interest in the vote; 0 votes by interest alone."`
	PackageLoyalty       float64                    `toml:"package_loyalty" default:"0.5" range:"[0,100]" doc:"Weight with which a state that gains from the package as it stands defends it against amendments moved in a concluding session (nothing is agreed until everything is agreed); 0 votes on amendments by interest and alignment alone."`
	CrossPressure        float64                    `toml:"cross_pressure" default:"0.5" range:"[0,1]" doc:"A state abstains when its interest and its alignment pull its vote apart and the weaker pull is at least this share of the stronger; 1 never abstains from cross-pressure."`
	Exchange             bool                       `toml:"exchange" default:"true" doc:"Delegations trade support across clauses in negotiation rounds (the exchange model of Stokman and Van Oosten 1994, equal-gain variant), and sponsors of incentives buy moves with side payments."`
	ActiveSalience       float64                    `toml:"active_salience" default:"0.3" range:"[0,1]" doc:"Raw salience from which a delegation takes an active part: in a first reading it tables a clause that matters to it this much, and it trades (exchange) when some clause does. The silent middle does neither, except when paid with incentives."`
	Dispositions         map[string]DispositionSpec `toml:"dispositions" doc:"Bargaining parameters per disposition; keys maximalist, pragmatist, bridge_builder, follower; absent states do not negotiate."`
}

// DispositionSpec sets how a kind of state bargains.
type DispositionSpec struct {
	Concession     Param `toml:"concession" range:"(0,100]" doc:"beta in the time-dependent tactic A(tau) = 1 - (1 - r) tau^(1/beta): below 1 holds out, above 1 concedes early."`
	Susceptibility Param `toml:"susceptibility" range:"[0,1]" doc:"lambda in Friedkin-Johnsen socialisation: weight on partners' positions against the state's own ideal point."`
}

// Cluster is an agenda unit.
type Cluster struct {
	Title string `toml:"title" required:"true" doc:"Name of the cluster."`
}

// Clause is one contested provision.
type Clause struct {
	Title      string   `toml:"title" required:"true" doc:"Short name of the provision."`
	Cluster    string   `toml:"cluster" required:"true" ref:"clusters" doc:"The cluster it belongs to."`
	Article    string   `toml:"article" doc:"Article reference in the negotiating text."`
	Options    []Option `toml:"options" required:"true" need:"at least two options" doc:"The wordings on offer, in increasing order of value; at least two."`
	Deletion   string   `toml:"deletion" ref:"options" doc:"Id of the option that means the clause is deleted, if it can be."`
	Opening    string   `toml:"opening" required:"true" ref:"options" doc:"Id of the option in the opening text."`
	Continuous bool     `toml:"continuous" default:"false" doc:"The outcome is a point on the clause's scale rather than one of its options: the text holds the chair's draft itself (the options mark where positions and the opening lie). For continuous issues, such as those of imported DEU data; a continuous clause cannot have a deletion option."`
	Source     string   `toml:"source" doc:"Where the clause and its options come from (seed file and phrase)."`
}

// Option is one wording of a clause, placed on the clause's policy scale.
type Option struct {
	ID    string  `toml:"id" required:"true" pattern:"id" doc:"Identifier of the option, unique in its clause."`
	Label string  `toml:"label" doc:"What the wording says."`
	Value float64 `toml:"value" required:"true" range:"[0,1]" doc:"Position of the wording on the clause's [0,1] scale."`
}

// Group is a set of states that lean together or negotiate as one.
type Group struct {
	Name            string              `toml:"name" doc:"Name of the group."`
	Label           string              `toml:"label" doc:"Short label used to name coalitions (EU, like-minded); groups without one are not used in names."`
	NegotiatesAsOne bool                `toml:"negotiates_as_one" default:"false" doc:"Members table one common position and object or vote together (the EU)."`
	Cohesion        float64             `toml:"cohesion" default:"0.5" range:"[0,1]" doc:"Strength of the ties among members in socialisation, relative to the member's other groups."`
	Capability      Param               `toml:"capability" range:"(0,1e6]" doc:"Default capability of members that give none."`
	NoTreaty        Param               `toml:"no_treaty" range:"[0,1]" doc:"Default value of no treaty for members that give none."`
	Disposition     string              `toml:"disposition" enum:"maximalist|pragmatist|bridge_builder|follower|absent" doc:"Default disposition of members that give none."`
	Alignment       Param               `toml:"alignment" range:"[-1,1]" doc:"Default alignment of members that give none."`
	Positions       map[string]Position `toml:"positions" doc:"Template positions per clause id for members."`
	Source          string              `toml:"source" doc:"Where the group's values come from."`
}

// StateDef is one delegation as written.
type StateDef struct {
	Name           string              `toml:"name" required:"true" doc:"Name of the delegation."`
	Groups         []string            `toml:"groups" ref:"groups" doc:"Groups it belongs to; for each clause the first listed group with a template supplies what the state does not give itself."`
	Capability     Param               `toml:"capability" range:"(0,1e6]" doc:"Diplomatic weight; default: from the first of its groups that gives one, else 1."`
	NoTreaty       Param               `toml:"no_treaty" range:"[0,1]" doc:"What no treaty is worth to it, on the utility scale; default: from the first of its groups that gives one, else 0.5."`
	Disposition    string              `toml:"disposition" enum:"maximalist|pragmatist|bridge_builder|follower|absent" doc:"How it bargains; default: from the first of its groups that gives one, else pragmatist."`
	Follows        string              `toml:"follows" ref:"groups" doc:"For a follower: the group it follows; default its first group."`
	Concession     Param               `toml:"concession" range:"(0,100]" doc:"Overrides its disposition's concession exponent beta."`
	Susceptibility Param               `toml:"susceptibility" range:"[0,1]" doc:"Overrides its disposition's susceptibility lambda."`
	Alignment      Param               `toml:"alignment" range:"[-1,1]" doc:"Its alignment on the main divide of the negotiation, from -1 (with the camp at the low end of the scales: the like-minded in the flagship) to 1 (with the camp at the high end: Russia and the co-sponsors); 0 is non-aligned. It pulls its votes toward the motions of movers aligned like it. Default: from the first of its groups that gives one, else 0."`
	Positions      map[string]Position `toml:"positions" doc:"Positions per clause id; override its groups' templates key by key."`
	Source         string              `toml:"source" doc:"Where the state's values come from."`
}

// Position is a state's (or a group template's) stand on one clause.
type Position struct {
	Ideal    Param  `toml:"ideal" range:"[0,1]" doc:"Ideal point on the clause's scale."`
	Salience Param  `toml:"salience" range:"[0,1]" doc:"How much the clause matters to it; saliences above a total of 1 are scaled to sum to 1."`
	RedLine  Param  `toml:"red_line" range:"[0,1]" doc:"Distance from its position beyond which it objects formally; 1 (the default) means none."`
	Source   string `toml:"source" doc:"Where the values come from (seed file and phrase), or 'assumption: reason'."`
}

// Session is one negotiating session of the script.
type Session struct {
	ID          string   `toml:"id" required:"true" pattern:"id" doc:"Identifier, unique in the script."`
	Name        string   `toml:"name" doc:"Name of the session."`
	Start       string   `toml:"start" pattern:"date" doc:"First day, YYYY-MM-DD."`
	End         string   `toml:"end" pattern:"date" doc:"Last day, YYYY-MM-DD."`
	Place       string   `toml:"place" doc:"Where it met."`
	Agenda      []string `toml:"agenda" ref:"clusters" doc:"Clusters under negotiation; an empty agenda holds only its events."`
	Phase       string   `toml:"phase" default:"negotiation" enum:"organisation|first_reading|negotiation|concluding" doc:"The stage of the procedure: organisation (events only; positions are stated and socialise); first_reading (every proposal of a delegation that cares enters the text in brackets; nothing is dropped; no concession); negotiation (on the chair's text: states concede, trade and settle wordings, which are agreed ad referendum and may be reopened; nothing leaves the text but by a chair's draft or a vote); concluding (a negotiation that ends with the chair's final package put for adoption)."`
	Rounds      int      `toml:"rounds" default:"1" range:"[1,1000]" doc:"Bargaining rounds."`
	Pressure    float64  `toml:"pressure" default:"0" range:"[0,1]" doc:"Deadline pressure tau reached at the session's end: the elapsed share of the negotiation as the delegations feel it; it rises from the previous session's value over the rounds."`
	Concluding  bool     `toml:"concluding" default:"false" doc:"The package is put for adoption at the end; the same as phase = \"concluding\"."`
	Conditional bool     `toml:"conditional" default:"false" doc:"Held only when a reconvene event of an earlier session names it and that session ends without adoption."`
	Events      []Event  `toml:"events" doc:"Scripted events."`
	Source      string   `toml:"source" doc:"Where the session comes from."`
}

// Event is a scripted happening in a session.
type Event struct {
	ID      string            `toml:"id" pattern:"id" doc:"Optional identifier; an overriding file replaces the base's event with the same id. Votes are recorded under it."`
	Kind    string            `toml:"kind" required:"true" enum:"table|chair_text|drop|insert|attitude|leave|join|vote|reconvene|incentive" doc:"What happens; see the event kinds below."`
	Round   int               `toml:"round" default:"1" range:"[1,1000]" doc:"Round at whose start it happens."`
	Label   string            `toml:"label" doc:"How the narrative names it."`
	By      []string          `toml:"by" ref:"actors" doc:"Acting states or groups (a group stands for its members): proposers (table), movers (vote), sponsors (incentive), or the states that change (attitude, leave, join)."`
	Options map[string]string `toml:"options" doc:"table, chair_text, insert: clause id -> option id."`
	Clauses []string          `toml:"clauses" ref:"clauses" doc:"drop: the clauses the chair drops."`
	Draft   string            `toml:"draft" enum:"consolidated|zero|revised" doc:"chair_text: the chair drafts a new text from the room. consolidated: compiles every proposal in brackets with compromise wordings and leaves nothing out; zero and revised: leaves out each clause whose inclusion more than blocking_share of salience-weighted capability opposes, and offers the room's compromise wording for the rest."`
	Redraft bool              `toml:"redraft" default:"false" doc:"chair_text: the same as draft = \"revised\" (kept for older files)."`
	Motion  string            `toml:"motion" enum:"amendment|package|mandate" doc:"vote: an amendment (clause to option), the package as it stands, or a mandate: a resolution to open the negotiation on the movers' terms, before any text is at stake, on which states vote their alignment with the movers (passes by a simple majority of those voting)."`
	Clause  string            `toml:"clause" ref:"clauses" doc:"vote on an amendment: the clause."`
	Option  string            `toml:"option" doc:"vote on an amendment: the option moved."`
	Session string            `toml:"session" doc:"reconvene: the conditional session held if this one ends without adoption."`
	Targets []string          `toml:"targets" ref:"actors" doc:"incentive: states or groups that receive it."`
	Amount  float64           `toml:"amount" range:"[0,1]" doc:"incentive: utility added at once to each target's value of an adopted treaty (a grant with no conditions)."`
	Budget  float64           `toml:"budget" range:"[0,1000]" doc:"incentive: side payments (in utility) the sponsors may spend, from this session on, buying targets' moves toward their positions in negotiation rounds (exchange on a side dimension); each payment adds to the target's value of an adopted treaty."`
	// attitude
	NoTreaty       Param               `toml:"no_treaty" range:"[0,1]" doc:"attitude: new value of no treaty."`
	Disposition    string              `toml:"disposition" enum:"maximalist|pragmatist|bridge_builder|follower|absent" doc:"attitude: new disposition."`
	Concession     Param               `toml:"concession" range:"(0,100]" doc:"attitude: new concession exponent."`
	Susceptibility Param               `toml:"susceptibility" range:"[0,1]" doc:"attitude: new susceptibility."`
	Positions      map[string]Position `toml:"positions" doc:"attitude: new ideal, salience or red line per clause (given keys only)."`
	Source         string              `toml:"source" doc:"Where the event comes from."`
}
