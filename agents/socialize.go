package agents

// Socialize applies one Friedkin-Johnsen (1999) step to the clauses on the
// agenda: x_i <- lambda_i sum_j A_ij x_j + (1 - lambda_i) p_i, with A the
// ties through shared groups, each group's position its members'
// capability-weighted mean. Through group means a step costs O(n m), not
// O(n^2 m). Absent states neither move nor count.
func (p *Population) Socialize(agenda []bool) {
	m := p.M
	spans := p.agendaSpans(agenda)
	for g := range p.groups {
		p.groupW[g] = p.meanPosition(p.members[p.memberStart[g]:p.memberStart[g+1]], p.groupMean[g*m:(g+1)*m], spans)
	}
	p.meanPosition(p.everyone, p.roomMean, spans)
	p.stamp++ // new means: every social target is computed anew
	p.anyGroupEmpty = false
	for g := range p.groups {
		p.anyGroupEmpty = p.anyGroupEmpty || p.groupEmpty(g)
	}
	p.posStamp++ // preferences move: concession prices are stale
	// Jacobi update: every state reacts to the means of the last round,
	// so the order of states does not matter.
	for i := range p.N {
		if !p.socialized(i) {
			continue
		}
		social := p.socialTarget(i, spans)
		lam := p.Lambda[i]
		for _, s := range spans {
			x, ideal, sx := p.Pos[i*m+s.lo:i*m+s.hi], p.Ideal[i*m+s.lo:i*m+s.hi], social[s.lo:s.hi]
			ideal, sx = ideal[:len(x)], sx[:len(x)]
			for c := range x {
				x[c] = lam*sx[c] + (1-lam)*ideal[c]
			}
		}
	}
}

// socialized reports whether state i moves in Socialize: it is present,
// susceptible and tied to someone.
func (p *Population) socialized(i int) bool {
	return p.Present[i] && p.Lambda[i] != 0 && (p.tieStart[i+1] > p.tieStart[i] || p.roomTie[i] != 0)
}

// span is a run of consecutive clauses, lo to hi-1.
type span struct{ lo, hi int }

// agendaSpans returns the agenda as runs of consecutive clauses (in the
// scratch p.spans). Socialize works on the agenda only, and loops over
// runs need no test per clause.
func (p *Population) agendaSpans(agenda []bool) []span {
	spans := p.spans[:0]
	for c := 0; c < len(agenda); {
		if !agenda[c] {
			c++
			continue
		}
		lo := c
		for c < len(agenda) && agenda[c] {
			c++
		}
		spans = append(spans, span{lo, c})
	}
	p.spans = spans
	return spans
}

// meanPosition sets mean to the capability-weighted mean position of the
// present states among members, on the clauses in spans (the others are
// left as they were), and returns their capability; with none present,
// mean is zero.
func (p *Population) meanPosition(members []int, mean []float64, spans []span) float64 {
	m := p.M
	for _, s := range spans {
		clear(mean[s.lo:s.hi])
	}
	// Two members per pass, so that the sums are loaded and stored half as
	// often; each sum still adds the members' terms in their order.
	wsum, held := 0.0, -1
	for _, j := range members {
		if !p.Present[j] {
			continue
		}
		wsum += p.Capability[j]
		if held < 0 {
			held = j
			continue
		}
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			addScaled2(ms, p.Pos[held*m+s.lo:held*m+s.hi], p.Capability[held], p.Pos[j*m+s.lo:j*m+s.hi], p.Capability[j])
		}
		held = -1
	}
	if held >= 0 {
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			addScaled(ms, p.Pos[held*m+s.lo:held*m+s.hi], p.Capability[held])
		}
	}
	if wsum > 0 {
		for _, s := range spans {
			ms := mean[s.lo:s.hi]
			for c := range ms {
				ms[c] /= wsum
			}
		}
	}
	return wsum
}

// addScaled adds wa*a to dst, element by element.
func addScaled(dst, a []float64, wa float64) {
	a = a[:len(dst)]
	for c := range dst {
		dst[c] += wa * a[c]
	}
}

// addScaled2 adds wa*a and then wb*b to dst, element by element: the
// same sums as addScaled twice, with one load and store of dst.
func addScaled2(dst, a []float64, wa float64, b []float64, wb float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for c := range dst {
		dst[c] = dst[c] + wa*a[c] + wb*b[c]
	}
}

// socialTarget returns sum_j A_ij x_j for the clauses in spans (a row of
// M, valid there only): the position state i's ties pull it to. States
// with identical ties share it, unless a tie is to a group with nobody
// present, which holds each state where it is.
func (p *Population) socialTarget(i int, spans []span) []float64 {
	m, r := p.M, p.tieRep[i]
	if p.anyGroupEmpty && p.tiedToEmptyGroup(r) {
		p.sumTies(i, p.social, spans)
		return p.social
	}
	row := p.repSocial[r*m : (r+1)*m]
	if p.repStamp[r] != p.stamp {
		p.sumTies(r, row, spans)
		p.repStamp[r] = p.stamp
	}
	return row
}

// groupEmpty reports whether none of group g's members is present (its
// present capability, from Socialize, is not positive).
func (p *Population) groupEmpty(g int) bool { return !(p.groupW[g] > 0) }

// tiedToEmptyGroup reports whether state i has a tie to an empty group.
func (p *Population) tiedToEmptyGroup(i int) bool {
	for _, g := range p.tieGroup[p.tieStart[i]:p.tieStart[i+1]] {
		if p.groupEmpty(g) {
			return true
		}
	}
	return false
}

// sumTies sets social to sum_j A_ij x_j on the clauses in spans. The sum
// runs over ties in the outer loop and clauses in the inner one, so that
// every inner loop runs over contiguous rows; each clause still adds the
// same terms in the same order.
func (p *Population) sumTies(i int, social []float64, spans []span) {
	m, room := p.M, p.roomTie[i]
	for _, s := range spans {
		sx, rm := social[s.lo:s.hi], p.roomMean[s.lo:s.hi]
		rm = rm[:len(sx)]
		for c := range sx {
			sx[c] = room * rm[c]
		}
	}
	for k := p.tieStart[i]; k < p.tieStart[i+1]; k++ {
		g, w := p.tieGroup[k], p.tieW[k]
		mean := p.groupMean[g*m : (g+1)*m]
		if p.groupEmpty(g) {
			// Nobody of the group is present: the tie holds the state
			// where it is.
			mean = p.Pos[i*m : (i+1)*m]
		}
		for _, s := range spans {
			sx, ms := social[s.lo:s.hi], mean[s.lo:s.hi]
			ms = ms[:len(sx)]
			for c := range sx {
				sx[c] += w * ms[c]
			}
		}
	}
}
