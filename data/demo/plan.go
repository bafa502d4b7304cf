package demo

import "fmt"

// plan is everything the demo ledger will hold, before it is written.
type plan struct {
	units      []*unitRec
	people     people
	rounds     []*roundPlan
	complaints []*complaint
	logs       []*logPlan
	docs       []*docPlan
	actions    []*actionPlan

	tasks      []*taskPlan
	appraisals []*appraisalPlan
}

// plan draws the whole demo county. The order of the draws is fixed, so
// the same seed gives the same plan.
func (g *gen) plan() (*plan, error) {
	p := &plan{}
	p.units = g.planUnits()
	p.people = g.planPeople()
	p.rounds = g.planRounds(p.units, p.people)
	complaints, err := g.planComplaints(p.units, p.people)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	p.complaints = complaints
	p.logs = g.planActivityLogs(p.units, p.complaints)
	p.docs, p.actions = g.paperwork(p.units, p.complaints, p.rounds, p.people)
	p.tasks = g.planTasks(p.units, p.people)
	p.appraisals = g.planAppraisals(p.units, p.people)
	return p, nil
}

// size is the number of items the execution reports progress over.
func (p *plan) size() int {
	n := 1 + len(p.units) + len(p.people.all) + len(p.complaints) + len(p.logs) + len(p.docs) + len(p.actions) + len(p.tasks) + len(p.appraisals)
	for _, r := range p.rounds {
		n += 1 + len(r.visits)
	}
	for _, u := range p.units {
		if !u.retiredOn.IsZero() {
			n++
		}
	}
	return n
}
