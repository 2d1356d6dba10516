module github.com/treatysim/treatysim

go 1.24.0

require (
	github.com/BurntSushi/toml v1.6.0
	gonum.org/v1/gonum v0.17.0
)
