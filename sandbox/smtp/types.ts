/** SMTP stand-in types (no runtime code). */

/** One message the SMTP stand-in accepted, as `GET /__admin/smtp/messages` lists it. */
export interface SmtpMessage {
	/** Counts up from 1, never reused (not even after a reset). */
	id: number;
	/** When the message was accepted (ISO 8601). */
	at: string;
	/** The SMTP user that sent it (never the password). */
	user: string;
	/** MAIL FROM and RCPT TO, lower case: who it was really sent to. */
	envelope: { from: string; to: string[] };
	/** Addresses in the From, To and Cc headers, lower case. */
	from: string;
	to: string[];
	cc: string[];
	subject: string;
	/** The plain-text body, decoded ('' when the message has none). */
	text: string;
	/** The HTML body ('' when the message has none). */
	html: string;
	messageId: string;
}

/** Body of `POST /__admin/smtp/faults`: the next `times` messages are refused with `responseCode`. */
export interface SmtpFaultSpec {
	times?: number;
	/** 4xx (temporary) or 5xx (permanent); default 451. */
	responseCode?: number;
	message?: string;
}
