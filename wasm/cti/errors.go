package cti

import "errors"

// Sign-in errors the Auth adapter reports in SignInResult.Err (wrapped or
// as they are); each has its own message for the agent.
var (
	// ErrPopupBlocked: the browser blocked the sign-in window.
	ErrPopupBlocked = errors.New("the browser blocked the sign-in window")
	// ErrPopupClosed: the agent closed the window before signing in.
	ErrPopupClosed = errors.New("the sign-in window was closed")
	// ErrSignInBusy: a sign-in window is already open (this tab or another).
	ErrSignInBusy = errors.New("a sign-in is already under way")
	// ErrStateMismatch: the answer did not belong to this sign-in.
	ErrStateMismatch = errors.New("the sign-in answer does not belong to this sign-in")
)

// Microphone errors the Media adapter reports in MicResult.Err.
var (
	ErrMicDenied  = errors.New("microphone permission denied")
	ErrMicMissing = errors.New("no microphone found")
)

// ErrSnapshot wraps why DecodeSnapshot refused a snapshot.
var ErrSnapshot = errors.New("snapshot unusable")

// Errors from TabMessage.Validate.
var (
	ErrTabVersion = errors.New("tab message: unsupported version")
	ErrTabMessage = errors.New("tab message: malformed")
)
