// Tern's Apple Event handlers (see appleevents_darwin.go). macOS hands a
// link or a file to an app as an Apple Event: kAEGetURL for a URL
// (mailto:), kAEOpenDocuments for files. Fyne and GLFW handle neither.
// The handlers are installed at once and again when the application
// will finish launching: NSApplication installs its own kAEOpenDocuments
// handler as it starts, and the events of the launch are sent after.

#import <Cocoa/Cocoa.h>

extern void ternSystemOpen(char *arg);

// The events' four-letter codes (AppleEvents.h, AERegistry.h), spelt out
// so that no Carbon header is needed.
enum {
	ternInternetEventClass = 'GURL', // kInternetEventClass
	ternGetURL = 'GURL',             // kAEGetURL
	ternCoreEventClass = 'aevt',     // kCoreEventClass
	ternOpenDocuments = 'odoc',      // kAEOpenDocuments
	ternDirectObject = '----',       // keyDirectObject
	ternFileURL = 'furl',            // typeFileURL
	ternList = 'list',               // typeAEList
};

@interface TernAppleEvents : NSObject
@end

@implementation TernAppleEvents

// handleGetURL: passes the event's URL (mailto:…) on.
- (void)handleGetURL:(NSAppleEventDescriptor *)event withReplyEvent:(NSAppleEventDescriptor *)reply {
	NSString *url = [[event paramDescriptorForKeyword:ternDirectObject] stringValue];
	if (url != nil) {
		ternSystemOpen((char *)[url UTF8String]);
	}
}

// openFile: passes one file of an open-documents event on, as a path.
- (void)openFile:(NSAppleEventDescriptor *)item {
	NSAppleEventDescriptor *d = [item coerceToDescriptorType:ternFileURL];
	if (d == nil) {
		return;
	}
	NSString *s = [[NSString alloc] initWithData:[d data] encoding:NSUTF8StringEncoding];
	NSURL *url = [NSURL URLWithString:s];
	[s release];
	if (url != nil && [url isFileURL]) {
		ternSystemOpen((char *)[url fileSystemRepresentation]);
	}
}

// handleOpenDocuments: passes each file of the event on.
- (void)handleOpenDocuments:(NSAppleEventDescriptor *)event withReplyEvent:(NSAppleEventDescriptor *)reply {
	NSAppleEventDescriptor *files = [event paramDescriptorForKeyword:ternDirectObject];
	if ([files descriptorType] != ternList) {
		[self openFile:files];
		return;
	}
	NSInteger n = [files numberOfItems];
	for (NSInteger i = 1; i <= n; i++) { // Apple Event lists count from 1
		[self openFile:[files descriptorAtIndex:i]];
	}
}

- (void)install:(NSNotification *)note {
	NSAppleEventManager *m = [NSAppleEventManager sharedAppleEventManager];
	[m setEventHandler:self andSelector:@selector(handleGetURL:withReplyEvent:)
	     forEventClass:ternInternetEventClass andEventID:ternGetURL];
	[m setEventHandler:self andSelector:@selector(handleOpenDocuments:withReplyEvent:)
	     forEventClass:ternCoreEventClass andEventID:ternOpenDocuments];
}

@end

static TernAppleEvents *ternEvents; // kept for the life of the app

void ternInstallAppleEvents(void) {
	@autoreleasepool {
		ternEvents = [[TernAppleEvents alloc] init];
		[ternEvents install:nil];
		[[NSNotificationCenter defaultCenter] addObserver:ternEvents selector:@selector(install:)
		                                             name:NSApplicationWillFinishLaunchingNotification object:nil];
	}
}
