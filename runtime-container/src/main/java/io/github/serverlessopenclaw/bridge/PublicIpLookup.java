package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.SignedCall;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The public IPv4 of the task's network interface: one EC2 {@code DescribeNetworkInterfaces} Query call filtered by
 * the private address, signed by the SDK's signer. Fargate's task metadata (v4) names no public address, and the EC2
 * SDK would add 26 MB to the image for this one call.
 */
final class PublicIpLookup {
    /** The EC2 Query API version the SDK uses; its XML is what {@link #publicIp(String)} reads. */
    static final String API_VERSION = "2016-11-15";

    private final Supplier<SignedCall> ec2;

    /** {@code ec2} is built on first use: only a task on ECS (with a metadata endpoint) looks its address up. */
    PublicIpLookup(Supplier<SignedCall> ec2) {
        this.ec2 = ec2;
    }

    /** The public IP, or null when the interface has none or the call fails (logged). */
    String publicIp(String privateIp) {
        try {
            SignedCall.Response response = ec2.get()
                    .post(
                            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                            "Action=DescribeNetworkInterfaces&Version=" + API_VERSION
                                    + "&Filter.1.Name=addresses.private-ip-address&Filter.1.Value.1="
                                    + URLEncoder.encode(privateIp, StandardCharsets.UTF_8));
            if (!response.ok()) {
                Log.warn("public IP lookup: EC2 answered HTTP " + response.status() + " " + errorCode(response.body())
                        + "; publishing the private IP");
                return null;
            }
            return firstPublicIp(response.body());
        } catch (RuntimeException e) {
            Log.warn("public IP lookup failed; publishing the private IP", e);
            return null;
        }
    }

    /** {@code networkInterfaceSet/item/association/publicIp} of the first interface that has one. */
    static String firstPublicIp(String xml) {
        Element root = parse(xml);
        // EC2's XML element names (a TaskState attribute shares the name publicIp; this is not that row)
        for (Element networkInterface : children(child(root, "networkInterfaceSet"), "item")) {
            Element ip = child(child(networkInterface, "association"), "publicIp");
            if (ip != null && !ip.getTextContent().isBlank()) {
                return ip.getTextContent().trim();
            }
        }
        return null;
    }

    /** EC2's error code ({@code Response/Errors/Error/Code}), e.g. UnauthorizedOperation; never the message. */
    private static String errorCode(String xml) {
        try {
            Element error = child(child(parse(xml), "Errors"), "Error");
            Element code = child(error, "Code");
            return code == null ? "" : code.getTextContent().trim();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // a service answer never has a DTD: refuse one, and with it every external entity
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed
            return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("EC2's answer is not XML: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).stream().findFirst().orElse(null);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && name.equals(element.getLocalName())) {
                    found.add(element);
                }
            }
        }
        return found;
    }
}
