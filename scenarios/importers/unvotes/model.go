package unvotes

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
)

// Prior variances. theta ~ N(0, 1) fixes the location and scale of the
// ideal points. beta ~ N(0, 2.5^2) keeps the discrimination of a roll call
// finite when it separates the states perfectly, which maximum likelihood
// alone would send to infinity. The cutpoints get a weak N(0, 5^2) prior
// for the same reason (a roll call that is nearly unanimous), and the log
// gap g between them N(0, 3^2), because a roll call without abstentions
// otherwise pushes the gap to zero and g to minus infinity.
const (
	varTheta = 1
	varBeta  = 2.5 * 2.5
	varCut   = 5 * 5
	varGap   = 3 * 3
)

// item holds the parameters of one roll call in the ordinal logit model:
//
//	P(vote >= Abstain) = logistic(Beta*theta - A)
//	P(vote = Yes)      = logistic(Beta*theta - A - exp(G))
//
// so that the cutpoints A < A + exp(G) stay ordered.
type item struct {
	Beta, A, G float64
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// logSigmoid returns log(sigmoid(x)) without overflow or cancellation.
func logSigmoid(x float64) float64 {
	if x >= 0 {
		return -math.Log1p(math.Exp(-x))
	}
	return x - math.Log1p(math.Exp(x))
}

// voteTerm returns the log-likelihood of vote y given the linear predictor
// eta = beta*theta - a and the cutpoint gap e = exp(g), and its
// derivatives in eta1 = eta and eta2 = eta - e taken as free variables.
func voteTerm(eta, e float64, y Vote) (ll, g1, g2 float64) {
	eta2 := eta - e
	switch y {
	case Yes:
		return logSigmoid(eta2), 0, sigmoid(-eta2)
	case No:
		return logSigmoid(-eta), -sigmoid(eta), 0
	default:
		return abstainTerm(eta, e, 1/math.Expm1(e), math.Log(-math.Expm1(-e)))
	}
}

// abstainTerm is voteTerm for an abstention, given the constants
// invGap = 1/expm1(e) and logGap = log(1 - exp(-e)) of the gap e. It uses
//
//	P(abstain) = s(eta1) - s(eta2) = s(eta1) (1 - s(eta2)) (1 - exp(-e)),
//
// a product form that stays accurate when the gap is small.
func abstainTerm(eta, e, invGap, logGap float64) (ll, g1, g2 float64) {
	eta2 := eta - e
	ll = logSigmoid(eta) + logSigmoid(-eta2) + logGap
	return ll, sigmoid(-eta) + invGap, -sigmoid(eta2) - invGap
}

// probs returns the probabilities of No, Abstain and Yes.
func (it item) probs(theta float64) [3]float64 {
	eta := it.Beta*theta - it.A
	p1 := sigmoid(eta)
	p2 := sigmoid(eta - math.Exp(it.G))
	return [3]float64{1 - p1, p1 - p2, p2}
}

// predict returns the most probable vote.
func (it item) predict(theta float64) Vote {
	p := it.probs(theta)
	best := Yes
	for _, v := range []Vote{No, Abstain} {
		if p[v] > p[best] {
			best = v
		}
	}
	return best
}

// info returns the Fisher information in theta of one observed vote: the
// negative second derivative of its log-likelihood. Moving theta moves
// both linear predictors together, so the term in the gap cancels and
// only the logistic variances of the cutpoints bounding y remain.
func (it item) info(theta float64, y Vote) float64 {
	eta := it.Beta*theta - it.A
	var h float64
	if y != Yes {
		s := sigmoid(eta)
		h += s * (1 - s)
	}
	if y != No {
		s := sigmoid(eta - math.Exp(it.G))
		h += s * (1 - s)
	}
	return it.Beta * it.Beta * h
}

// itemPrior returns the negative log prior of an item and adds its
// gradient to grad (beta, a, g).
func itemPrior(it item, grad []float64) float64 {
	e := math.Exp(it.G)
	a2 := it.A + e
	grad[0] += it.Beta / varBeta
	grad[1] += it.A/varCut + a2/varCut
	grad[2] += a2/varCut*e + it.G/varGap
	return it.Beta*it.Beta/(2*varBeta) + (it.A*it.A+a2*a2)/(2*varCut) + it.G*it.G/(2*varGap)
}

// data is the vote matrix of a fit in long form.
type data struct {
	nStates, nItems int
	state, item     []int32
	vote            []Vote
}

// chunks is the fixed number of pieces the votes are split into for
// parallel evaluation. It does not depend on the number of CPUs, so the
// order of floating-point sums, and the result, is the same everywhere.
const chunks = 4

// jointProblem returns the negative joint log posterior of theta and the
// item parameters, packed as theta[0..n) then (beta, a, g) per item.
//
// This is where the fit spends its time, so the work for a yes or a no is
// kept to one exp and one log1p (voteTerm, written out) and the item
// constants are computed once per evaluation.
func (d *data) jointProblem() optimize.Problem {
	n := d.nStates
	dim := n + 3*d.nItems
	nc := chunks
	if len(d.vote) < 20000 {
		nc = 1 // too small to be worth the goroutines
	}
	bufs := make([][]float64, nc)
	for i := range bufs {
		bufs[i] = make([]float64, dim)
	}
	fs := make([]float64, nc)
	gap := make([]float64, d.nItems)    // exp(g)
	invGap := make([]float64, d.nItems) // 1/expm1(exp(g))
	logGap := make([]float64, d.nItems) // log(1 - exp(-exp(g)))
	eval := func(x []float64, c int) {
		lo, hi := c*len(d.vote)/nc, (c+1)*len(d.vote)/nc
		g := bufs[c]
		clear(g)
		var f float64
		for k := lo; k < hi; k++ {
			s, j := int(d.state[k]), int(d.item[k])
			o := n + 3*j
			theta, beta := x[s], x[o]
			eta := beta*theta - x[o+1]
			var ll, g1, g2 float64
			switch d.vote[k] {
			case Yes:
				// log s(eta2) and s(-eta2) from one exp.
				eta2 := eta - gap[j]
				if eta2 >= 0 {
					t := math.Exp(-eta2)
					ll, g2 = -math.Log1p(t), t/(1+t)
				} else {
					t := math.Exp(eta2)
					ll, g2 = eta2-math.Log1p(t), 1/(1+t)
				}
			case No:
				// log s(-eta) and -s(eta).
				if eta <= 0 {
					t := math.Exp(eta)
					ll, g1 = -math.Log1p(t), -t/(1+t)
				} else {
					t := math.Exp(-eta)
					ll, g1 = -eta-math.Log1p(t), -1/(1+t)
				}
			default:
				ll, g1, g2 = abstainTerm(eta, gap[j], invGap[j], logGap[j])
			}
			f -= ll
			sum := g1 + g2
			g[s] -= beta * sum
			g[o] -= theta * sum
			g[o+1] += sum
			g[o+2] += gap[j] * g2
		}
		fs[c] = f
	}
	run := func(x []float64) {
		for j := range gap {
			e := math.Exp(x[n+3*j+2])
			gap[j], invGap[j], logGap[j] = e, 1/math.Expm1(e), math.Log(-math.Expm1(-e))
		}
		if nc == 1 {
			eval(x, 0)
			return
		}
		var wg sync.WaitGroup
		for c := 0; c < nc; c++ {
			wg.Go(func() { eval(x, c) })
		}
		wg.Wait()
	}
	var last []float64
	var lastF float64
	lastGrad := make([]float64, dim)
	compute := func(x []float64) {
		if last != nil && equal(last, x) {
			return
		}
		run(x)
		f := 0.0
		clear(lastGrad)
		for c := 0; c < nc; c++ {
			f += fs[c]
			for i, v := range bufs[c] {
				lastGrad[i] += v
			}
		}
		for i := 0; i < n; i++ {
			f += x[i] * x[i] / (2 * varTheta)
			lastGrad[i] += x[i] / varTheta
		}
		for j := 0; j < d.nItems; j++ {
			o := n + 3*j
			f += itemPrior(item{x[o], x[o+1], x[o+2]}, lastGrad[o:o+3])
		}
		last = append(last[:0], x...)
		lastF = f
	}
	return optimize.Problem{
		Func: func(x []float64) float64 {
			compute(x)
			return lastF
		},
		Grad: func(grad, x []float64) {
			compute(x)
			copy(grad, lastGrad)
		},
	}
}

// curvature returns an approximation of the diagonal of the Hessian of
// the negative log posterior at x: the expected information of each
// parameter plus its prior precision. It is used to rescale the
// parameters so that L-BFGS sees a problem of roughly unit curvature in
// every coordinate; the theta of a state with many votes is otherwise
// hundreds of times stiffer than the gap of a roll call with few.
func (d *data) curvature(x []float64) []float64 {
	n := d.nStates
	h := make([]float64, len(x))
	for k := range d.vote {
		s, o := int(d.state[k]), n+3*int(d.item[k])
		it := item{x[o], x[o+1], x[o+2]}
		p := it.probs(x[s])
		p1, p2 := p[Abstain]+p[Yes], p[Yes]
		w := p1*(1-p1) + p2*(1-p2)
		h[s] += it.Beta * it.Beta * w
		h[o] += x[s] * x[s] * w
		h[o+1] += w
		e := math.Exp(it.G)
		h[o+2] += e * e * p2 * (1 - p2)
	}
	for i := 0; i < n; i++ {
		h[i] += 1 / varTheta
	}
	for o := n; o < len(x); o += 3 {
		h[o] += 1 / varBeta
		h[o+1] += 2 / varCut
		h[o+2] += 1 / varGap
	}
	return h
}

// scaled returns p in the coordinates z = x * sqrt(h).
func scaled(p optimize.Problem, h []float64) (q optimize.Problem, toX func(z []float64) []float64) {
	sc := make([]float64, len(h))
	for i, v := range h {
		sc[i] = 1 / math.Sqrt(v)
	}
	x := make([]float64, len(h))
	toX = func(z []float64) []float64 {
		for i := range z {
			x[i] = z[i] * sc[i]
		}
		return x
	}
	return optimize.Problem{
		Func: func(z []float64) float64 { return p.Func(toX(z)) },
		Grad: func(grad, z []float64) {
			p.Grad(grad, toX(z))
			for i := range grad {
				grad[i] *= sc[i]
			}
		},
	}, toX
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fitItem returns the MAP item parameters of one roll call with theta
// fixed: thetas[k] and votes[k] are the voters' points and votes.
func fitItem(thetas []float64, votes []Vote) (item, error) {
	var c [3]float64
	for _, v := range votes {
		c[v]++
	}
	// Start at beta = 0 with cutpoints matching the smoothed shares.
	n := float64(len(votes)) + 1.5
	pAb := (c[Abstain] + c[Yes] + 1) / n
	pYes := (c[Yes] + 0.5) / n
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	x0 := []float64{0, -logit(pAb), math.Log(max(logit(pAb)-logit(pYes), 0.1))}
	prob := optimize.Problem{
		Func: func(x []float64) float64 {
			var g [3]float64
			return itemObjective(x, thetas, votes, g[:])
		},
		Grad: func(grad, x []float64) {
			clear(grad)
			itemObjective(x, thetas, votes, grad)
		},
	}
	res, err := optimize.Minimize(prob, x0, &optimize.Settings{
		GradientThreshold: 1e-8,
		MajorIterations:   500,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-12, Iterations: 20},
	}, &optimize.BFGS{})
	if err := settled(res, err); err != nil {
		return item{}, fmt.Errorf("unvotes: fitting a roll call: %w", err)
	}
	return item{res.X[0], res.X[1], res.X[2]}, nil
}

// itemObjective returns the negative log posterior of one item's
// parameters x = (beta, a, g) and adds its gradient to grad.
func itemObjective(x, thetas []float64, votes []Vote, grad []float64) float64 {
	it := item{x[0], x[1], x[2]}
	e := math.Exp(it.G)
	f := itemPrior(it, grad)
	for k, y := range votes {
		ll, g1, g2 := voteTerm(it.Beta*thetas[k]-it.A, e, y)
		f -= ll
		sum := g1 + g2
		grad[0] -= thetas[k] * sum
		grad[1] += sum
		grad[2] += e * g2
	}
	return f
}

// settled returns nil when the optimisation ended at a usable optimum. A
// line search that can make no more progress is accepted: near the
// optimum that happens to rounding, and the point found is kept.
func settled(res *optimize.Result, err error) error {
	switch {
	case res == nil:
		return err
	case !finite(res.X) || math.IsNaN(res.F) || math.IsInf(res.F, 0):
		return fmt.Errorf("optimum not finite (%v)", err)
	case err != nil && !errors.Is(err, optimize.ErrNoProgress) && !errors.Is(err, optimize.ErrLinesearcherFailure):
		return err
	case res.Status == optimize.IterationLimit:
		return fmt.Errorf("no convergence in %d iterations", res.Stats.MajorIterations)
	}
	return nil
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// startTheta returns the standardised first principal component of the
// state x roll-call matrix (yes 1, abstain 0.5, no 0, a missing vote the
// roll call's mean): the classical start for ideal points.
func (d *data) startTheta() ([]float64, error) {
	n, m := d.nStates, d.nItems
	if n < 2 || m < 1 {
		return make([]float64, n), nil
	}
	val := make([]float64, n*m)
	has := make([]bool, n*m)
	sum := make([]float64, m)
	cnt := make([]float64, m)
	for k, v := range d.vote {
		s, j := int(d.state[k]), int(d.item[k])
		x := float64(v) / 2
		val[s*m+j] = x
		has[s*m+j] = true
		sum[j] += x
		cnt[j]++
	}
	// Centre each column; a missing vote is the column mean, so it
	// becomes 0.
	for s := 0; s < n; s++ {
		for j := 0; j < m; j++ {
			if has[s*m+j] {
				val[s*m+j] -= sum[j] / cnt[j]
			} else {
				val[s*m+j] = 0
			}
		}
	}
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(n, m, val), mat.SVDThin) {
		return nil, fmt.Errorf("unvotes: principal components of the vote matrix did not converge")
	}
	var u mat.Dense
	svd.UTo(&u)
	theta := make([]float64, n)
	for s := range theta {
		theta[s] = u.At(s, 0)
	}
	standardise(theta)
	return theta, nil
}

// standardise sets x to mean 0 and standard deviation 1 (n denominator)
// and returns the mean and sd it removed.
func standardise(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / float64(len(x)))
	if sd == 0 {
		sd = 1
	}
	for i := range x {
		x[i] = (x[i] - mean) / sd
	}
	return mean, sd
}
