// argocd-health runs the health checks of resource_customizations/<group>/<Kind>/ the way Argo CD does
// (argoproj/argo-cd util/lua/lua.go: gopher-lua, the object decoded as decodeValue does, the returned table as
// {status, message}) against every case of each health_test.yaml, in Argo CD's two modes: a built-in script (Lua's
// standard libraries open) and an argocd-cm script (only the package, base and table libraries). It prints one line
// per case and exits 1 when a case's status or message differs.
//
//	go run . DIR   (DIR: a resource_customizations directory)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	lua "github.com/yuin/gopher-lua"
	"sigs.k8s.io/yaml"
)

type healthStatus struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type testCase struct {
	HealthStatus healthStatus `json:"healthStatus"`
	InputPath    string       `json:"inputPath"`
}

type testFile struct {
	Tests []testCase `json:"tests"`
}

// decodeValue is Argo CD's (util/lua/lua.go): JSON values to Lua values, arrays appended item by item.
func decodeValue(l *lua.LState, value interface{}) lua.LValue {
	switch converted := value.(type) {
	case bool:
		return lua.LBool(converted)
	case float64:
		return lua.LNumber(converted)
	case string:
		return lua.LString(converted)
	case json.Number:
		return lua.LString(converted)
	case int:
		return lua.LNumber(converted)
	case int64:
		return lua.LNumber(converted)
	case []interface{}:
		arr := l.CreateTable(len(converted), 0)
		for _, item := range converted {
			arr.Append(decodeValue(l, item))
		}
		return arr
	case map[string]interface{}:
		tbl := l.CreateTable(0, len(converted))
		for key, item := range converted {
			tbl.RawSetH(lua.LString(key), decodeValue(l, item))
		}
		return tbl
	}
	return lua.LNil
}

func run(script string, obj map[string]interface{}, openLibs bool) (healthStatus, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: !openLibs})
	defer l.Close()
	for _, pair := range []struct {
		n string
		f lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(pair.f), NRet: 0, Protect: true}, lua.LString(pair.n)); err != nil {
			return healthStatus{}, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", decodeValue(l, obj))
	if err := l.DoString(script); err != nil {
		return healthStatus{}, err
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return healthStatus{}, fmt.Errorf("expect table output from Lua script, not %s", l.Get(-1).Type())
	}
	return healthStatus{Status: lua.LVAsString(table.RawGetString("status")), Message: lua.LVAsString(table.RawGetString("message"))}, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: argocd-health DIR")
		os.Exit(2)
	}
	tests, _ := filepath.Glob(filepath.Join(os.Args[1], "*", "*", "health_test.yaml"))
	sort.Strings(tests)
	failed, ran := 0, 0
	for _, testPath := range tests {
		dir := filepath.Dir(testPath)
		script, err := os.ReadFile(filepath.Join(dir, "health.lua"))
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", dir, err)
			failed++
			continue
		}
		raw, _ := os.ReadFile(testPath)
		var file testFile
		if err := yaml.UnmarshalStrict(raw, &file); err != nil {
			fmt.Printf("FAIL %s: %v\n", testPath, err)
			failed++
			continue
		}
		for _, tc := range file.Tests {
			input, err := os.ReadFile(filepath.Join(dir, tc.InputPath))
			var obj map[string]interface{}
			if err == nil {
				err = yaml.Unmarshal(input, &obj)
			}
			for _, mode := range []struct {
				name string
				open bool
			}{{"built-in", true}, {"argocd-cm", false}} {
				ran++
				got, runErr := "", err
				var status healthStatus
				if runErr == nil {
					status, runErr = run(string(script), obj, mode.open)
				}
				if runErr != nil {
					got = "error: " + runErr.Error()
				} else if status != tc.HealthStatus {
					got = fmt.Sprintf("%s %q", status.Status, status.Message)
				}
				rel, _ := filepath.Rel(os.Args[1], filepath.Join(dir, tc.InputPath))
				if got != "" {
					failed++
					fmt.Printf("FAIL %s (%s): want %s %q, got %s\n", rel, mode.name, tc.HealthStatus.Status, tc.HealthStatus.Message, got)
				} else {
					fmt.Printf("ok   %s (%s): %s\n", rel, mode.name, status.Status)
				}
			}
		}
	}
	fmt.Printf("%d case(s) run, %d failed\n", ran, failed)
	if failed > 0 || ran == 0 {
		os.Exit(1)
	}
}
