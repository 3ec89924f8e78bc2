package storage

import (
	"context"
	"errors"
	"testing"
	"time"
)

// queuedFixture is a store with one queued message of account "a".
func queuedFixture(t *testing.T) (*Store, int64) {
	t.Helper()
	s := openTemp(t)
	ctx := context.Background()
	if err := s.EnsureAccount(ctx, "a", "a@example.org"); err != nil {
		t.Fatal(err)
	}
	id, err := s.QueueOutgoing(ctx, "a", "a@example.org", []string{"b@example.org"}, []byte("Subject: x\r\n\r\nx\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	return s, id
}

func outgoingState(t *testing.T, s *Store, id int64) Outgoing {
	t.Helper()
	o, err := s.OutgoingByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestAttemptThatDiedIsRecoveredByWhereItStopped(t *testing.T) {
	ctx := context.Background()
	for _, afterDot := range []bool{false, true} {
		s, id := queuedFixture(t)
		s.RetryOutgoing(ctx, id, "earlier", time.Now().Add(time.Hour))
		s.ResetOutgoingBackoff(ctx, "a")
		c, err := s.ClaimOutgoing(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if afterDot {
			if err := c.DataSent(ctx); err != nil {
				t.Fatal(err)
			}
		}
		// While the attempt runs, nobody takes the row back.
		if n, err := s.RecoverOutgoing(ctx, ""); n != 0 || err != nil {
			t.Fatalf("recover beside a live attempt: %d %v", n, err)
		}
		// The process dies: its lock goes, the row stays as it was.
		c.Release()
		if n, err := s.RecoverOutgoing(ctx, "a"); n != 1 || err != nil {
			t.Fatalf("recover: %d %v", n, err)
		}
		o := outgoingState(t, s, id)
		want := OutboxQueued
		if afterDot {
			want = OutboxUnknown
		}
		if o.State != want || o.LastError == "" {
			t.Fatalf("died after the dot %v: %+v", afterDot, o)
		}
		// The dead attempt's late word is not taken.
		if err := c.Sent(ctx); !errors.Is(err, ErrClaimLost) {
			t.Fatalf("late Sent = %v", err)
		}
	}
}

func TestClaimIsTakenOnce(t *testing.T) {
	s, id := queuedFixture(t)
	ctx := context.Background()
	c, err := s.ClaimOutgoing(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if _, err := s.ClaimOutgoing(ctx, id); !errors.Is(err, ErrClaimed) {
		t.Fatalf("second claim = %v", err)
	}
	if err := s.CancelOutgoing(ctx, id); err == nil {
		t.Fatal("a message being sent was cancelled")
	}
	if err := c.Retry(ctx, "busy", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if o := outgoingState(t, s, id); o.State != OutboxQueued || o.Attempts != 1 || o.LastError != "busy" {
		t.Fatalf("after retry: %+v", o)
	}
	due, ok, err := s.NextOutgoingDue(ctx, "a")
	if !ok || err != nil || time.Until(due) <= 0 {
		t.Fatalf("next due %v %v %v", due, ok, err)
	}
}

func TestUnknownWaitsForTheChoice(t *testing.T) {
	s, id := queuedFixture(t)
	ctx := context.Background()
	if err := s.ResendOutgoing(ctx, id); !errors.Is(err, ErrNotUnknown) {
		t.Fatalf("resend of a queued message = %v", err)
	}
	c, _ := s.ClaimOutgoing(ctx, id)
	c.DataSent(ctx)
	if err := c.Unknown(ctx, "connection reset"); err != nil {
		t.Fatal(err)
	}
	c.Release()
	if n, _ := s.ResetOutgoingBackoff(ctx, ""); n != 0 {
		t.Fatal("the reset touched a message whose fate is unknown")
	}
	if _, err := s.ClaimOutgoing(ctx, id); !errors.Is(err, ErrClaimed) {
		t.Fatalf("an unknown message was claimed: %v", err)
	}
	if err := s.ResendOutgoing(ctx, id); err != nil {
		t.Fatal(err)
	}
	if o := outgoingState(t, s, id); o.State != OutboxQueued || !o.NextAttempt.IsZero() {
		t.Fatalf("after send again: %+v", o)
	}
	c, err := s.ClaimOutgoing(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	c.DataSent(ctx)
	c.Unknown(ctx, "again")
	c.Release()
	if err := s.ConfirmOutgoingSent(ctx, id); err != nil {
		t.Fatal(err)
	}
	if o := outgoingState(t, s, id); o.State != OutboxSent {
		t.Fatalf("after it arrived: %+v", o)
	}
	if err := s.DropFiledOutgoing(ctx, id); !errors.Is(err, ErrNotUnknown) {
		t.Fatalf("drop of a sent row = %v", err)
	}
}
