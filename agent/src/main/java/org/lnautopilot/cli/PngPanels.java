package org.lnautopilot.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Charts stacked top to bottom on a white page, written as one PNG (the plots of evaluate and simulate-payments). */
final class PngPanels {
    private PngPanels() {
    }

    /** Writes the panels, each at its own size, one under the other. */
    static void write(Path file, List<BufferedImage> panels) throws IOException {
        int width = 0;
        int height = 0;
        for (BufferedImage p : panels) {
            width = Math.max(width, p.getWidth());
            height += p.getHeight();
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = out.createGraphics();
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, out.getWidth(), out.getHeight());
        int y = 0;
        for (BufferedImage p : panels) {
            gr.drawImage(p, 0, y, null);
            y += p.getHeight();
        }
        gr.dispose();
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }
}
