package dev.herald.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Validates a phone number with libphonenumber (Google's well-kept metadata of every numbering plan) and gives
 * its E.164 form, the form End User Messaging takes and the table stores. The number must carry its country
 * calling code ({@code +44 7400 123456}): there is no default region, since a user's region is not known here.
 */
final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** A number in E.164, or the reason {@code input} is not a valid number. */
    sealed interface Parsed {
    }

    record Valid(String e164, String regionCode) implements Parsed {
    }

    record Invalid(String reason) implements Parsed {
    }

    static Parsed parse(String input) {
        if (input == null || input.isBlank()) {
            return new Invalid("no phone number; send {\"phoneNumber\": \"+447400123456\"} (E.164: '+', country code, number)");
        }
        String trimmed = input.strip();
        if (!trimmed.startsWith("+")) {
            return new Invalid("'" + trimmed + "' has no country calling code; write it in international form starting with '+',"
                    + " e.g. +447400123456");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(trimmed, null);
        } catch (NumberParseException e) {
            return new Invalid("'" + trimmed + "' is not a phone number (" + e.getErrorType() + ": " + e.getMessage()
                    + "); write it in E.164, e.g. +447400123456");
        }
        if (!UTIL.isValidNumber(number)) {
            return new Invalid("'" + trimmed + "' is not a valid number in the numbering plan of country code +" + number.getCountryCode()
                    + "; check the digits");
        }
        PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(number);
        if (type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE || type == PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE
                || type == PhoneNumberUtil.PhoneNumberType.TOLL_FREE || type == PhoneNumberUtil.PhoneNumberType.SHARED_COST) {
            return new Invalid("'" + trimmed + "' is a " + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " number, which cannot receive text messages; register a mobile number");
        }
        return new Valid(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), UTIL.getRegionCodeForNumber(number));
    }
}
