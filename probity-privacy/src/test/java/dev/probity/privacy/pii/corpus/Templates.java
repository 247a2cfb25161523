package dev.probity.privacy.pii.corpus;

import java.util.List;

/**
 * Sentence templates of the labelled corpus. Slots: PERSON (first and last name), FIRST, TITLED ("Dr. Smith", the
 * title outside the span), EMAIL, PHONE (US national), PHONE_INTL, CARD, IBAN, SSN, IPV4, IPV6, URL, DATE, DOB,
 * PASSPORT, NINO, DNI, AADHAAR, ADDRESS (US/UK), ADDRESS_DE; decoys BAD_CARD, BAD_IBAN, BAD_SSN, VERSION, ORDER;
 * filler NUMBER, AMOUNT, CITY, ORG, WEEKDAY, PRODUCT. The two lists share no template.
 */
final class Templates {
    private Templates() {
    }

    static final List<String> TRAIN = List.of(
            "Please contact {PERSON} at {EMAIL} or call {PHONE}.",
            "{PERSON} paid with card {CARD} on {WEEKDAY}.",
            "Transfer the refund to IBAN {IBAN}, account holder {PERSON}.",
            "Patient {PERSON}, born {DOB}, SSN {SSN}, was admitted on {DATE}.",
            "Login from IP {IPV4} by user {FIRST} failed three times.",
            "{TITLED} lives at {ADDRESS} and works for {ORG}.",
            "Reach me on {PHONE_INTL}, thanks, {FIRST}",
            "Her passport number is {PASSPORT} and she flies to {CITY} on {WEEKDAY}.",
            "National Insurance number {NINO} belongs to {PERSON}.",
            "DNI {DNI} - {PERSON}, {CITY}.",
            "Aadhaar {AADHAAR} was verified for {PERSON} yesterday.",
            "See the profile at {URL} for details about {PERSON}.",
            "The server at {IPV6} was rebooted by {FIRST} after upgrading to version {VERSION}.",
            "Your order {ORDER} ships on {WEEKDAY}; questions go to {EMAIL}.",
            "Card number {BAD_CARD} was declined; {PERSON} tried again with {CARD}.",
            "IBAN {BAD_IBAN} is invalid, said {PERSON}.",
            "Test record: SSN {BAD_SSN}, amount {AMOUNT} USD.",
            "Meeting with {PERSON} and {PERSON} in {CITY} about {PRODUCT}.",
            "{PERSON} wrote: I moved to {ADDRESS_DE} last year.",
            "Thanks {FIRST}! I will send the invoice for {AMOUNT} EUR to {EMAIL}.",
            "According to {TITLED}, the {PRODUCT} rollout starts {DATE}.",
            "{FIRST} {NUMBER} items were returned to {ORG} in {CITY}.",
            "Customer {PERSON} (DOB {DOB}) called from {PHONE} about ticket {NUMBER}.",
            "Ask {FIRST} whether {ORG} still uses {PRODUCT} version {VERSION}.",
            "On {DATE}, {PERSON} and {TITLED} signed the contract in {CITY}.",
            "Employee {PERSON}, phone {PHONE_INTL}, office at {ADDRESS}.",
            "Date of birth: {DOB}. Name: {PERSON}. Email: {EMAIL}.",
            "I spoke with {FIRST} on {WEEKDAY}; {FIRST} will call {PHONE} tomorrow.",
            "{ORG} hired {PERSON} as head of {PRODUCT} in {CITY}.",
            "Invoice {NUMBER}: {AMOUNT} charged to card {CARD} for {PERSON}.",
            "From: {PERSON} <{EMAIL}>\nSubject: {PRODUCT} outage in {CITY}",
            "Dear {TITLED}, your appointment is on {DATE} at our {CITY} office.",
            "The visitor {PERSON} showed passport {PASSPORT} at the gate.",
            "Traffic from {IPV4} to {URL} was blocked on {WEEKDAY}.",
            "{PERSON} forwarded the message to {PERSON} and {FIRST}.",
            "Please update the address of {PERSON} to {ADDRESS}.",
            "Tracking number {ORDER} - delivered to {CITY} on {DATE}.",
            "Release {VERSION} of {PRODUCT} fixes the bug that {FIRST} reported.",
            "Your SSN {SSN} and bank account {IBAN} are on file, {TITLED}.",
            "{CITY} and {CITY} are visited by {PERSON} every {WEEKDAY}.");

    static final List<String> HELD_OUT = List.of(
            "Hi team, {PERSON} joined today; her email is {EMAIL} and mobile {PHONE}.",
            "Refund of {AMOUNT} sent to {IBAN} on behalf of {PERSON}.",
            "Record for {PERSON}: date of birth {DOB}, social security {SSN}.",
            "Suspicious login for {FIRST} from address {IPV4} at {DATE}.",
            "Ship the parcel to {TITLED}, {ADDRESS}.",
            "You can phone {PERSON} on {PHONE_INTL} after five.",
            "Passport {PASSPORT} issued to {PERSON} expires {DATE}.",
            "NI number {NINO}, claimant {PERSON}.",
            "Documento DNI {DNI} del cliente {PERSON}.",
            "The Aadhaar number {AADHAAR} of {PERSON} was linked.",
            "Screenshots are at {URL}, uploaded by {FIRST}.",
            "Host {IPV6} belongs to the lab of {TITLED}.",
            "Order {ORDER} was cancelled; {PERSON} asked for a refund.",
            "The card {BAD_CARD} failed, so {FIRST} paid with {CARD}.",
            "Account {BAD_IBAN} bounced; please check with {PERSON}.",
            "Dummy value SSN {BAD_SSN} must not be flagged.",
            "We upgraded {PRODUCT} to version {VERSION} on {WEEKDAY}.",
            "Lunch with {PERSON}, {PERSON} and {FIRST} in {CITY}.",
            "{PERSON} now lives at {ADDRESS_DE}.",
            "Notes from {TITLED}: follow up with {FIRST} by {DATE}.",
            "Contact: {PERSON}, {EMAIL}, tel. {PHONE}.",
            "{ORG} in {CITY} sponsors the {PRODUCT} meetup.",
            "Born on {DOB}, {PERSON} grew up in {CITY}.",
            "Charge {AMOUNT} to {CARD} (cardholder {PERSON}).",
            "Message from {PERSON}: my new number is {PHONE_INTL}.",
            "Yesterday {FIRST} met {TITLED} near {ADDRESS}.",
            "Feedback by {PERSON} about {PRODUCT} v{VERSION} is attached.",
            "Invoice {NUMBER} for {ORG}, due {DATE}, IBAN {IBAN}.",
            "{PERSON} said the {CITY} office opens on {WEEKDAY}.",
            "Applicant {PERSON} listed {EMAIL} and {PHONE} as contacts.");
}
