package netwatch

import (
	"context"

	"github.com/godbus/dbus/v5"
)

// The system services heard on D-Bus.
const (
	nmPath        = "/org/freedesktop/NetworkManager"
	nmInterface   = "org.freedesktop.NetworkManager"
	nmStateMember = "StateChanged"
	// NetworkManager's NMState values from NM_STATE_CONNECTED_LOCAL up
	// mean a network is connected (a mail server may be on the local
	// one).
	nmConnectedLocal = 50

	loginPath        = "/org/freedesktop/login1"
	loginInterface   = "org.freedesktop.login1.Manager"
	loginSleepMember = "PrepareForSleep"
)

// DBus hears NetworkManager's StateChanged (a connected state is
// NetworkUp) and logind's PrepareForSleep(false) (Woke) on a message bus.
// Without a bus it sends nothing.
type DBus struct {
	// Address is the bus's address; "" is the system bus.
	Address string
	// ready, if set, runs once the signals are subscribed (tests emit
	// theirs after it).
	ready func()
}

// Watch implements Notifier.
func (d DBus) Watch(ctx context.Context) <-chan Event {
	out := make(chan Event)
	go func() {
		defer close(out)
		conn, err := d.connect()
		if err != nil {
			return // no bus here: the clock and the backoff do without
		}
		defer conn.Close()
		sigs := make(chan *dbus.Signal, 16)
		conn.Signal(sigs)
		if d.ready != nil {
			d.ready()
		}
		relay(ctx, sigs, out)
	}()
	return out
}

// connect opens the bus and subscribes to the two signals.
func (d DBus) connect() (*dbus.Conn, error) {
	var conn *dbus.Conn
	var err error
	if d.Address == "" {
		conn, err = dbus.ConnectSystemBus()
	} else {
		conn, err = dbus.Connect(d.Address)
	}
	if err != nil {
		return nil, err
	}
	for _, m := range [][]dbus.MatchOption{
		{dbus.WithMatchObjectPath(nmPath), dbus.WithMatchInterface(nmInterface), dbus.WithMatchMember(nmStateMember)},
		{dbus.WithMatchObjectPath(loginPath), dbus.WithMatchInterface(loginInterface), dbus.WithMatchMember(loginSleepMember)},
	} {
		if err := conn.AddMatchSignal(m...); err != nil {
			conn.Close()
			return nil, err
		}
	}
	return conn, nil
}

// relay turns signals into events until ctx ends or the bus goes away.
func relay(ctx context.Context, sigs <-chan *dbus.Signal, out chan<- Event) {
	for {
		select {
		case <-ctx.Done():
			return
		case sig, ok := <-sigs:
			if !ok {
				return
			}
			ev, ok := eventOf(sig)
			if !ok {
				continue
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}
}

// eventOf reads a signal: NetworkUp for NetworkManager reaching a
// connected state, Woke for logind's end of sleep.
func eventOf(sig *dbus.Signal) (Event, bool) {
	switch {
	case sig.Path == nmPath && sig.Name == nmInterface+"."+nmStateMember && len(sig.Body) == 1:
		state, ok := sig.Body[0].(uint32)
		return NetworkUp, ok && state >= nmConnectedLocal
	case sig.Path == loginPath && sig.Name == loginInterface+"."+loginSleepMember && len(sig.Body) == 1:
		start, ok := sig.Body[0].(bool)
		return Woke, ok && !start
	}
	return 0, false
}
