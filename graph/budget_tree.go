package graph

import (
	"fmt"
	"strconv"
	"text/template/parse"
)

// addBudget inserts the step counter at the top of every range body and
// refuses a range over an integer literal beyond the step budget.
func addBudget(n parse.Node) error {
	var err error
	walk(n, func(n parse.Node) {
		r, ok := n.(*parse.RangeNode)
		if !ok || err != nil {
			return
		}
		if c := rangeCount(r); c > maxTemplateSteps {
			err = fmt.Errorf("{{range %d}}: more than the %d iterations a gate template may run", c, maxTemplateSteps)
			return
		}
		cost := 1
		walk(r.List, func(parse.Node) { cost++ })
		id := parse.NewIdentifier(budgetFunc).SetPos(r.Pos)
		num := &parse.NumberNode{NodeType: parse.NodeNumber, Pos: r.Pos, IsInt: true, Int64: int64(cost), Text: strconv.Itoa(cost)}
		cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: r.Pos, Args: []parse.Node{id, num}}
		pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: r.Pos, Line: r.Line, Cmds: []*parse.CommandNode{cmd}}
		act := &parse.ActionNode{NodeType: parse.NodeAction, Pos: r.Pos, Line: r.Line, Pipe: pipe}
		r.List.Nodes = append([]parse.Node{act}, r.List.Nodes...)
	})
	return err
}

// rangeCount is the integer literal a range iterates over, or 0.
func rangeCount(r *parse.RangeNode) int64 {
	if r.Pipe == nil || len(r.Pipe.Cmds) != 1 || len(r.Pipe.Cmds[0].Args) != 1 {
		return 0
	}
	if num, ok := r.Pipe.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt {
		return num.Int64
	}
	return 0
}

// walk calls f for n and every node below it, parents first.
func walk(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Nodes {
			walk(c, f)
		}
		return
	case *parse.PipeNode:
		if n == nil {
			return
		}
		f(n)
		for _, c := range n.Cmds {
			walk(c, f)
		}
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ActionNode:
		walk(n.Pipe, f)
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, f)
		}
	case *parse.ChainNode:
		walk(n.Node, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	walk(b.Pipe, f)
	walk(b.List, f)
	if b.ElseList != nil {
		walk(b.ElseList, f)
	}
}
