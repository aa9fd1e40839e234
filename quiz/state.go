package quiz

type state struct{}
